/* Bare-metal start-up for the example firmware on qemu-system-arm's
   MPS2-AN386 (Cortex-M4): the vector table, a reset handler (copies .data,
   clears .bss, runs static constructors, calls main) and the semihosting
   calls that print and end the run (Arm's semihosting specification:
   SYS_WRITE0 = 0x04, SYS_EXIT = 0x18 with ADP_Stopped_ApplicationExit =
   0x20026). Run: qemu-system-arm -M mps2-an386 -nographic -semihosting
   -kernel firmware. The Cortex-M4 runtime tests (tests/runtime/
   cortex_m4_test.cc) build their program with it too, naming themselves in
   the fault line with -DSTARTUP_FAULT_TEXT. */
#include <stddef.h>
#include <stdint.h>

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[], __stack_top[];
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);
int main(void);

#ifndef STARTUP_FAULT_TEXT
#define STARTUP_FAULT_TEXT "firmware: fault\n"
#endif

static int Semihost(int operation, const void* argument) {
  register int r0 __asm__("r0") = operation;
  register const void* r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void HostWrite(const char* text) { Semihost(0x04, text); }

static void HostExit(int success) {
  Semihost(0x18, (const void*)(uintptr_t)(success ? 0x20026 : 0x20023));
  for (;;) {
  }
}

void Reset_Handler(void) {
  uint32_t* from = __data_load;
  for (uint32_t* to = __data_start; to < __data_end;) *to++ = *from++;
  for (uint32_t* to = __bss_start; to < __bss_end;) *to++ = 0;
  for (void (**f)(void) = __init_array_start; f < __init_array_end; ++f) {
    (*f)();
  }
  HostExit(main() == 0);
}

static void Fault_Handler(void) {
  HostWrite(STARTUP_FAULT_TEXT);
  HostExit(0);
}

__attribute__((section(".vectors"), used)) void (*const kVectors[16])(void) = {
    (void (*)(void))__stack_top,
    Reset_Handler,
    Fault_Handler,
    Fault_Handler,
    Fault_Handler,
    Fault_Handler,
    Fault_Handler,
    0,
    0,
    0,
    0,
    Fault_Handler,
    Fault_Handler,
    0,
    Fault_Handler,
    Fault_Handler};

/* What the C++ code may call without a C library. */
void* memcpy(void* to, const void* from, size_t n) {
  unsigned char* t = (unsigned char*)to;
  const unsigned char* f = (const unsigned char*)from;
  while (n--) *t++ = *f++;
  return to;
}

void* memset(void* to, int value, size_t n) {
  unsigned char* t = (unsigned char*)to;
  while (n--) *t++ = (unsigned char)value;
  return to;
}

void __cxa_pure_virtual(void) { Fault_Handler(); }

/* Static objects with destructors register them; a firmware never exits,
   so the registration does nothing (ARM C++ ABI: __aeabi_atexit). */
int __aeabi_atexit(void* object, void (*destroy)(void*), void* dso) {
  (void)object;
  (void)destroy;
  (void)dso;
  return 0;
}
void* __dso_handle = 0;

/* ::operator delete(void*) (Itanium mangling), named by the deleting
   destructor of the planner interface's vtable; planners are never
   deleted. */
void _ZdlPv(void* pointer) { (void)pointer; }
