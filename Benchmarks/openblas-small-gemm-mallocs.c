// Which single-precision products OpenBLAS allocates memory for, call by call: the products of
// the fashion-resnet sample's convolutions (per image) and its Linear layer, on one thread.
// OpenBLAS 0.3.21's small-matrix kernels for row-major products without transposes (an
// output of 16 or 32 rows and a few hundred thousand multiply-adds) call malloc once per call:
// the mallocs of a fashion-resnet training step come from there (Docs/Benchmarks.md).
//
//   cc -O1 Benchmarks/openblas-small-gemm-mallocs.c -o /tmp/small-gemm-mallocs -lopenblas -ldl && /tmp/small-gemm-mallocs
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <dlfcn.h>
#include <cblas.h>
static long count = 0; static int counting = 0;
static void *(*real_malloc)(size_t) = NULL;
void *malloc(size_t n) { if (!real_malloc) real_malloc = dlsym(RTLD_NEXT, "malloc"); if (counting) count++; return real_malloc(n); }
static float A[300*1000], B[300*1000], C[300*1000];
static void run(const char *name, int ta, int tb, int m, int n, int k) {
  int lda = ta ? m : k, ldb = tb ? k : n;
  cblas_sgemm(CblasRowMajor, ta?CblasTrans:CblasNoTrans, tb?CblasTrans:CblasNoTrans, m,n,k,1,A,lda,B,ldb,0,C,n);
  count = 0; counting = 1;
  for (int i=0;i<10;i++) cblas_sgemm(CblasRowMajor, ta?CblasTrans:CblasNoTrans, tb?CblasTrans:CblasNoTrans, m,n,k,1,A,lda,B,ldb,0,C,n);
  counting = 0;
  printf("%-28s %s%s m=%d n=%d k=%d: %.1f mallocs/call\n", name, ta?"T":"N", tb?"T":"N", m,n,k, count/10.0);
}
int main(){ openblas_set_num_threads(1);
 run("stem fwd",0,0,8,784,9); run("b1 fwd",0,0,8,784,72); run("b1 dcols WtdY",1,0,72,784,8); run("b1 dW dY colsT",0,1,8,72,784);
 run("b2 fwd",0,0,16,196,72); run("b2 fwd2",0,0,16,196,144); run("b2 1x1",0,0,16,196,8); run("b2 dW",0,1,16,144,196); run("b2 dcols",1,0,144,196,16);
 run("b3 fwd",0,0,32,49,144); run("b3 fwd2",0,0,32,49,288); run("b3 dW",0,1,32,288,49); run("b3 dcols",1,0,288,49,32); run("b3 1x1 dW",0,1,32,16,49);
 run("linear fwd",0,1,64,10,32); run("linear dx",0,0,64,32,10); run("linear dW",1,0,10,32,64);
}
