// Seed inputs for the fuzzers, built at fuzz time from the project's own
// model builder (no binary model is committed): the built-in example plus
// small models that reach the reader's rarer paths (control flow, offline
// offsets, RESHAPE -1, variables, int4 filters, custom ops) and the kernel
// libraries' rules.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/model_builder.h"

namespace arenaplan::fuzz {

// (name, spec) pairs; every spec builds a model ReadModel accepts.
std::vector<std::pair<std::string, ModelSpec>> SeedModelSpecs();

// Models whose ops the kernel libraries' rules read (options, quantization,
// constant filters, custom options): seed_kernel_models.cc.
std::vector<std::pair<std::string, ModelSpec>> SeedKernelModelSpecs();

// Flexbuffer custom options as the signal ops and
// TFLite_Detection_PostProcess read them (fuzz_custom_options' seeds).
std::vector<std::vector<uint8_t>> SeedCustomOptions();

// SeedModelSpecs and SeedKernelModelSpecs.
std::vector<std::pair<std::string, ModelSpec>> AllSeedModelSpecs();

}  // namespace arenaplan::fuzz
