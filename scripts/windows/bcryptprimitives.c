/* A test-only stand-in for Windows' bcryptprimitives.dll, for Wine 8 (Debian 12), which lacks
 * it. Rust's standard library asks that DLL for random bytes (ProcessPrng, Windows 10 and
 * later); this forwards to RtlGenRandom. It is put beside chuan.exe only in the Wine test
 * folder, never shipped: every supported Windows has the real one. */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return RtlGenRandom(data, (ULONG)len);
}
