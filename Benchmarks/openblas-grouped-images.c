// Whether multiplying a few images' unfolded matrices at once (side by side, one wide product)
// beats one product per image, for the per-image convolution products of the fashion-resnet
// sample's stages (single-threaded sgemm, as each of Wick's two threads runs them). m: output
// planes, k: input planes x 3 x 3, P: output positions per image, G: images side by side.
//
//   cc -O2 Benchmarks/openblas-grouped-images.c -o /tmp/grouped-images -lopenblas && /tmp/grouped-images
#include <stdio.h>
#include <time.h>
#include <cblas.h>
static float A[200000], B[3000000], C[3000000];
static double now(){struct timespec t; clock_gettime(CLOCK_MONOTONIC,&t); return t.tv_sec+t.tv_nsec*1e-9;}
static void run(int m,int k,int p,int g){
  double best1=1e9,bestg=1e9;
  for(int r=0;r<7;r++){
    double t=now(); for(int rep=0;rep<20;rep++) for(int i=0;i<g;i++) cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,m,p,k,1,A,k,B+i*k*p,p,0,C+i*m*p,p); t=(now()-t)/20; if(t<best1)best1=t;
    t=now(); for(int rep=0;rep<20;rep++) cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,m,p*g,k,1,A,k,B,p*g,0,C,p*g); t=(now()-t)/20; if(t<bestg)bestg=t;
  }
  printf("m=%d k=%d P=%d G=%d: per-image %.1f us (%.0f GF/s), grouped %.1f us (%.0f GF/s)\n",m,k,p,g,best1*1e6,2.0*m*k*p*g/best1/1e9,bestg*1e6,2.0*m*k*p*g/bestg/1e9);
}
int main(){ openblas_set_num_threads(1);
 run(32,288,196,2); run(32,288,196,4); run(64,576,49,8); run(128,1152,16,8); run(64,288,49,8); run(128,576,16,8);
}
