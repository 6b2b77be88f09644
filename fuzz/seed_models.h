// Seed inputs for the fuzzers, built at fuzz time from the project's own
// model builder (no binary model is committed): the built-in example plus
// small models that reach the reader's rarer paths (control flow, offline
// offsets, RESHAPE -1, variables, int4 filters, custom ops).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/model_builder.h"

namespace arenaplan::fuzz {

// (name, spec) pairs; every spec builds a model ReadModel accepts.
std::vector<std::pair<std::string, ModelSpec>> SeedModelSpecs();

}  // namespace arenaplan::fuzz
