// The built-in example: a small int8 image classifier with a residual
// branch, built with the project's own code so a new user sees a real plan
// without bringing a model.
#pragma once

#include <cstdint>
#include <vector>

#include "model/model_builder.h"

namespace arenaplan {

ModelSpec ExampleModelSpec();
std::vector<uint8_t> ExampleModel();

}  // namespace arenaplan
