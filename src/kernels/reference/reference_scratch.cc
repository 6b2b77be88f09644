#include "kernels/reference/reference_scratch.h"

#include <map>
#include <string>

#include "kernels/reference/reference_rules.h"

namespace arenaplan {
namespace {

void NoScratch(const OpView&, const KernelOptions&, ScratchRequests&) {}

// Every op of TFLM's reference registry (micro_mutable_op_resolver.h at
// 90b983c2: its Add* methods, builtin and custom), with the rule of its
// Prepare. Ops whose Prepare makes no RequestScratchBufferInArena call are
// listed with NoScratch, so that an op missing here is reported as unknown,
// never taken as a silent zero. Read: every kernels/*.cc and
// signal/micro/kernels/*.cc Prepare; only the files named in
// reference_rules.h request scratch (without USE_TFLM_COMPRESSION).
const std::map<std::string, OpScratchRule>& ReferenceOps() {
  static const std::map<std::string, OpScratchRule> kOps = [] {
    std::map<std::string, OpScratchRule> ops;
    for (const char* name :
         {"ABS", "ADD", "ARG_MAX", "ARG_MIN", "ASSIGN_VARIABLE",
          "AVERAGE_POOL_2D", "BATCH_MATMUL", "BATCH_TO_SPACE_ND",
          "BROADCAST_ARGS", "BROADCAST_TO", "CALL_ONCE", "CAST", "CEIL",
          "CONCATENATION", "COS", "CUMSUM", "DEPTH_TO_SPACE", "DEQUANTIZE",
          "DIV", "DYNAMIC_UPDATE_SLICE", "ELU", "EMBEDDING_LOOKUP", "EQUAL",
          "EXP", "EXPAND_DIMS", "FILL", "FLOOR", "FLOOR_DIV", "FLOOR_MOD",
          "GATHER", "GATHER_ND", "GREATER", "GREATER_EQUAL", "HARD_SWISH", "IF",
          "L2_NORMALIZATION", "L2_POOL_2D", "LEAKY_RELU", "LESS", "LESS_EQUAL",
          "LOG", "LOGICAL_AND", "LOGICAL_NOT", "LOGICAL_OR", "LOGISTIC",
          "LOG_SOFTMAX", "MAXIMUM", "MAX_POOL_2D", "MINIMUM", "MUL", "NEG",
          "NOT_EQUAL", "PACK", "PAD", "PADV2", "PRELU", "QUANTIZE",
          "READ_VARIABLE", "RELU", "RELU6", "RESHAPE", "RESIZE_BILINEAR",
          "RESIZE_NEAREST_NEIGHBOR", "REVERSE_V2", "ROUND", "RSQRT",
          "SELECT_V2", "SHAPE", "SIN", "SLICE", "SOFTMAX", "SPACE_TO_BATCH_ND",
          "SPACE_TO_DEPTH", "SPLIT", "SPLIT_V", "SQRT", "SQUARE",
          "SQUARED_DIFFERENCE", "SQUEEZE", "STRIDED_SLICE", "SUB", "TANH",
          "TRANSPOSE", "UNPACK", "VAR_HANDLE", "WHILE", "ZEROS_LIKE",
          // Custom ops the resolver registers by name.
          "CIRCULAR_BUFFER", "TFLM_DECODE", "SignalDelay", "SignalEnergy",
          "SignalFftAutoScale", "SignalFilterBank", "SignalFilterBankLog",
          "SignalFilterBankSquareRoot", "SignalFilterBankSpectralSubtraction",
          "SignalFramer", "SignalIrfft", "SignalOverlapAdd", "SignalPCAN",
          "SignalStacker", "SignalWindow"}) {
      ops[name] = NoScratch;
    }
    ops["CONV_2D"] = ReferenceInt4FilterRule;
    ops["DEPTHWISE_CONV_2D"] = ReferenceInt4FilterRule;
    ops["FULLY_CONNECTED"] = ReferenceInt4FilterRule;
    ops["TRANSPOSE_CONV"] = ReferenceTransposeConvRule;
    ops["MEAN"] = ReferenceMeanOrSumRule;
    ops["SUM"] = ReferenceMeanOrSumRule;
    ops["REDUCE_MAX"] = ReferenceMinMaxAllRule;
    ops["REDUCE_MIN"] = ReferenceMinMaxAllRule;
    ops["REDUCE_ALL"] = ReferenceMinMaxAllRule;
    ops["SVDF"] = ReferenceSvdfRule;
    ops["ADD_N"] = ReferenceAddNRule;
    ops["MIRROR_PAD"] = ReferenceMirrorPadRule;
    ops["UNIDIRECTIONAL_SEQUENCE_LSTM"] = ReferenceLstmRule;
    ops["TFLite_Detection_PostProcess"] = ReferenceDetectionPostProcessRule;
    ops["SignalRfft"] = ReferenceRfftRule;
    return ops;
  }();
  return kOps;
}

}  // namespace

std::optional<std::vector<int64_t>> ReferenceScratch(
    const OpView& op, const KernelOptions& options,
    std::vector<std::string>* why) {
  ScratchRequests out;
  const auto& ops = ReferenceOps();
  const auto it = ops.find(KernelLookupName(op));
  if (it == ops.end()) {
    out.Unknown(
        "TFLM's reference op resolver (micro_mutable_op_resolver.h) has no "
        "kernel for it");
  } else {
    it->second(op, options, out);
  }
  return out.Result(why);
}

}  // namespace arenaplan
