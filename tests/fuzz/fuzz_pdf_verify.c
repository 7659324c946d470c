#include "config.h"
#include <stddef.h>
#include <stdint.h>
#include "pdf_sign.h"
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n){struct pdf_sig s[4]; size_t k; char e[256]; pdf_verify(d,n,NULL,s,4,&k,e,sizeof e); return 0;}
