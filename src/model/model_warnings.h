// What TFLM does without failing but not as a user would expect: checks on
// a read model whose findings become one-line warnings (Model::warnings),
// printed on stderr by the CLI and listed in the report's "warnings".
#pragma once

#include "model/model.h"

namespace arenaplan {

// Appends to model.warnings, one line each:
// - IF/WHILE whose code is only in OperatorCode.deprecated_builtin_code:
//   TFLM's lifetime pass switches on builtin_code
//   (AllocationInfoBuilder::MarkSubgraphLifetimesIfNecessary,
//   micro/micro_allocation_info.cc), so the kernel runs but the called
//   subgraphs' tensors get no lifetime.
// - DEQUANTIZE with an input type its kernel refuses: DequantizePrepare
//   (micro/kernels/dequantize_common.cc) accepts INT8, INT16 and UINT8
//   input with FLOAT32 output only, so AllocateTensors fails on the device.
// - Flex (select-TF) custom ops, which TFLM has no kernels for.
void AddModelWarnings(Model& model);

}  // namespace arenaplan
