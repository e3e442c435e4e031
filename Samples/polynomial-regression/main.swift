print("This sample is being written.")
