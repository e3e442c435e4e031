@_exported import WickCore
