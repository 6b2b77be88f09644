// What the fuzzers check about the kernel-library stage (src/kernels/) and
// the device-arena stage (src/arena/) on a model the reader accepted:
// every library's scratch list (both compilers, both OPTIMIZE_KERNELS_FOR
// settings where they matter) and the arena numbers for both ABIs. A broken
// invariant aborts (a finding); arenaplan::Error is the only exception a
// stage may throw.
#pragma once

#include <cstdint>
#include <string>

#include "kernels/kernel_library.h"
#include "model/buffer_list.h"
#include "model/model.h"

namespace arenaplan::fuzz {

// Aborts unless `condition` (the fuzzers' invariant check), naming the
// caller's file and line on stderr.
void Require(bool condition, const char* file = __builtin_FILE(),
             int line = __builtin_LINE());

// `tensors`: DeriveBufferList(model) (tensor part only). `pick` chooses,
// deterministically from the input, which CMSIS-NN and ESP-NN variant the
// arena stage is run for (all libraries' scratch lists are always derived).
// Invariants:
//  - AppendDerivedScratch throws arenaplan::Error or appends scratch
//    buffers of 0..2^31-16 bytes, multiples of 16, living in an op's span;
//    the same twice (deterministic);
//  - ScratchRequestingOps never throws and agrees with the appended list
//    (per op: bytes = sum of its buffers, requests = their count);
//  - libraries whose requests do not depend on the compiler or
//    OPTIMIZE_KERNELS_FOR give the same list under every setting;
//  - RouteArenaOf (stock and header routes, both ABIs) throws
//    arenaplan::Error or gives bytes >= 0, a multiple of 16, at least the
//    head plus the tail, no negative allocation, the same twice.
void CheckKernelStages(const Model& model, const BufferList& tensors,
                       uint64_t pick, const std::string& label);

// The same for one library (every compiler and OPTIMIZE_KERNELS_FOR
// setting), with the arena stage when `arena`.
void CheckKernelLibrary(const Model& model, const BufferList& tensors,
                        KernelLibrary library, bool arena,
                        const std::string& label);

}  // namespace arenaplan::fuzz
