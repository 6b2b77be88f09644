#include "arena/abi_layout.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

namespace arenaplan {
namespace {

// sizeof / alignof measured per ABI (header comment).
constexpr AbiLayout kCortexM = {
    /*pointer=*/4,
    /*tflite_tensor=*/{32, 4},
    /*eval_tensor=*/{12, 4},
    /*node_and_registration=*/{32, 4},
    /*single_arena_allocator=*/{36, 4},
    /*micro_allocator=*/{36, 4},
    /*builtin_data_allocator=*/{8, 4},
    /*subgraph_allocations=*/{8, 4},
    /*greedy_planner=*/{44, 4},
    /*allocation_info=*/{24, 4},
    /*scratch_request=*/{12, 4},
    /*scratch_handle=*/{4, 4},
    /*affine_quantization=*/{12, 4},
    /*size_t_=*/{4, 4},
    /*resource_variables=*/12,
    /*resource_variable=*/20,
};

constexpr AbiLayout kHost64 = {
    /*pointer=*/8,
    /*tflite_tensor=*/{64, 8},
    /*eval_tensor=*/{24, 8},
    /*node_and_registration=*/{64, 8},
    /*single_arena_allocator=*/{72, 8},
    /*micro_allocator=*/{72, 8},
    /*builtin_data_allocator=*/{16, 8},
    /*subgraph_allocations=*/{16, 8},
    /*greedy_planner=*/{72, 8},
    /*allocation_info=*/{32, 8},
    /*scratch_request=*/{16, 8},
    /*scratch_handle=*/{8, 8},
    /*affine_quantization=*/{24, 8},
    /*size_t_=*/{8, 8},
    /*resource_variables=*/16,
    /*resource_variable=*/40,
};

// Builtin ops MicroMutableOpResolver registers (micro_mutable_op_resolver.h).
constexpr const char* kBuiltins[] = {
    "ABS",
    "ADD",
    "ADD_N",
    "ARG_MAX",
    "ARG_MIN",
    "ASSIGN_VARIABLE",
    "AVERAGE_POOL_2D",
    "BATCH_MATMUL",
    "BATCH_TO_SPACE_ND",
    "BROADCAST_ARGS",
    "BROADCAST_TO",
    "CALL_ONCE",
    "CAST",
    "CEIL",
    "CONCATENATION",
    "CONV_2D",
    "COS",
    "CUMSUM",
    "DEPTHWISE_CONV_2D",
    "DEPTH_TO_SPACE",
    "DEQUANTIZE",
    "DIV",
    "DYNAMIC_UPDATE_SLICE",
    "ELU",
    "EMBEDDING_LOOKUP",
    "EQUAL",
    "EXP",
    "EXPAND_DIMS",
    "FILL",
    "FLOOR",
    "FLOOR_DIV",
    "FLOOR_MOD",
    "FULLY_CONNECTED",
    "GATHER",
    "GATHER_ND",
    "GREATER",
    "GREATER_EQUAL",
    "HARD_SWISH",
    "IF",
    "L2_NORMALIZATION",
    "L2_POOL_2D",
    "LEAKY_RELU",
    "LESS",
    "LESS_EQUAL",
    "LOG",
    "LOGICAL_AND",
    "LOGICAL_NOT",
    "LOGICAL_OR",
    "LOGISTIC",
    "LOG_SOFTMAX",
    "MAXIMUM",
    "MAX_POOL_2D",
    "MEAN",
    "MINIMUM",
    "MIRROR_PAD",
    "MUL",
    "NEG",
    "NOT_EQUAL",
    "PACK",
    "PAD",
    "PADV2",
    "PRELU",
    "QUANTIZE",
    "READ_VARIABLE",
    "REDUCE_ALL",
    "REDUCE_MAX",
    "REDUCE_MIN",
    "RELU",
    "RELU6",
    "RESHAPE",
    "RESIZE_BILINEAR",
    "RESIZE_NEAREST_NEIGHBOR",
    "REVERSE_V2",
    "ROUND",
    "RSQRT",
    "SELECT_V2",
    "SHAPE",
    "SIN",
    "SLICE",
    "SOFTMAX",
    "SPACE_TO_BATCH_ND",
    "SPACE_TO_DEPTH",
    "SPLIT",
    "SPLIT_V",
    "SQRT",
    "SQUARE",
    "SQUARED_DIFFERENCE",
    "SQUEEZE",
    "STRIDED_SLICE",
    "SUB",
    "SUM",
    "SVDF",
    "TANH",
    "TRANSPOSE",
    "TRANSPOSE_CONV",
    "UNIDIRECTIONAL_SEQUENCE_LSTM",
    "UNPACK",
    "VAR_HANDLE",
    "WHILE",
    "ZEROS_LIKE",
};

// Custom ops the same resolver can register (AddCustom names). "ethos-u"
// is AddEthosU's, which registers it only in CO_PROCESSOR=ethos_u builds
// (without, kernels/ethosu.cc is a stub that returns no registration); its
// Init/Prepare rules are in src/kernels/ethos_u/, used with the libraries
// that can link it (LinksEthosU). With the others (ESP-NN) its arena use
// is reported as not modelled.
constexpr const char* kCustoms[] = {
    "CUSTOM:CIRCULAR_BUFFER",
    "CUSTOM:TFLM_DECODE",
    "CUSTOM:TFLite_Detection_PostProcess",
    "CUSTOM:ethos-u",
    "CUSTOM:SignalDelay",
    "CUSTOM:SignalEnergy",
    "CUSTOM:SignalFftAutoScale",
    "CUSTOM:SignalFilterBank",
    "CUSTOM:SignalFilterBankLog",
    "CUSTOM:SignalFilterBankSpectralSubtraction",
    "CUSTOM:SignalFilterBankSquareRoot",
    "CUSTOM:SignalFramer",
    "CUSTOM:SignalIrfft",
    "CUSTOM:SignalOverlapAdd",
    "CUSTOM:SignalPCAN",
    "CUSTOM:SignalRfft",
    "CUSTOM:SignalStacker",
    "CUSTOM:SignalWindow",
};

struct BuiltinData {
  const char* op;
  SizeAlign host64;
  SizeAlign cortex_m;
};

// Parse<Op> of flatbuffer_conversions.cc allocates one TfLite<X>Params
// (builtin_op_data.h); short enums shrink several on arm-none-eabi.
constexpr BuiltinData kBuiltinData[] = {
    {"ADD", {8, 4}, {2, 1}},                      // TfLiteAddParams
    {"ARG_MAX", {4, 4}, {1, 1}},                  // TfLiteArgMaxParams
    {"ARG_MIN", {4, 4}, {1, 1}},                  // TfLiteArgMinParams
    {"AVERAGE_POOL_2D", {40, 4}, {40, 4}},        // TfLitePoolParams
    {"BATCH_MATMUL", {3, 1}, {3, 1}},             // TfLiteBatchMatMulParams
    {"CALL_ONCE", {4, 4}, {4, 4}},                // TfLiteCallOnceParams
    {"CAST", {8, 4}, {2, 1}},                     // TfLiteCastParams
    {"CONCATENATION", {8, 4}, {8, 4}},            // TfLiteConcatenationParams
    {"CONV_2D", {28, 4}, {28, 4}},                // TfLiteConvParams
    {"CUMSUM", {2, 1}, {2, 1}},                   // TfLiteCumsumParams
    {"DEPTHWISE_CONV_2D", {28, 4}, {28, 4}},      // TfLiteDepthwiseConvParams
    {"DEPTH_TO_SPACE", {4, 4}, {4, 4}},           // TfLiteDepthToSpaceParams
    {"DIV", {4, 4}, {1, 1}},                      // TfLiteDivParams
    {"FULLY_CONNECTED", {16, 4}, {5, 1}},         // TfLiteFullyConnectedParams
    {"GATHER", {8, 4}, {8, 4}},                   // TfLiteGatherParams
    {"IF", {8, 4}, {8, 4}},                       // TfLiteIfParams
    {"L2_NORMALIZATION", {4, 4}, {1, 1}},         // TfLiteL2NormParams
    {"L2_POOL_2D", {40, 4}, {40, 4}},             // TfLitePoolParams
    {"LEAKY_RELU", {4, 4}, {4, 4}},               // TfLiteLeakyReluParams
    {"MAX_POOL_2D", {40, 4}, {40, 4}},            // TfLitePoolParams
    {"MEAN", {1, 1}, {1, 1}},                     // TfLiteReducerParams
    {"MIRROR_PAD", {4, 4}, {1, 1}},               // TfLiteMirrorPaddingParams
    {"MUL", {4, 4}, {1, 1}},                      // TfLiteMulParams
    {"PACK", {8, 4}, {8, 4}},                     // TfLitePackParams
    {"REDUCE_ALL", {1, 1}, {1, 1}},               // TfLiteReducerParams
    {"REDUCE_MAX", {1, 1}, {1, 1}},               // TfLiteReducerParams
    {"REDUCE_MIN", {1, 1}, {1, 1}},               // TfLiteReducerParams
    {"RESHAPE", {36, 4}, {36, 4}},                // TfLiteReshapeParams
    {"RESIZE_BILINEAR", {2, 1}, {2, 1}},          // TfLiteResizeBilinearParams
    {"RESIZE_NEAREST_NEIGHBOR", {2, 1}, {2, 1}},  // ...NearestNeighborParams
    {"SHAPE", {4, 4}, {1, 1}},                    // TfLiteShapeParams
    {"SOFTMAX", {4, 4}, {4, 4}},                  // TfLiteSoftmaxParams
    {"SPACE_TO_DEPTH", {4, 4}, {4, 4}},           // TfLiteSpaceToDepthParams
    {"SPLIT", {4, 4}, {4, 4}},                    // TfLiteSplitParams
    {"SPLIT_V", {4, 4}, {4, 4}},                  // TfLiteSplitVParams
    {"SQUEEZE", {36, 4}, {36, 4}},                // TfLiteSqueezeParams
    {"STRIDED_SLICE", {24, 4}, {24, 4}},          // TfLiteStridedSliceParams
    {"SUB", {8, 4}, {2, 1}},                      // TfLiteSubParams
    {"SUM", {1, 1}, {1, 1}},                      // TfLiteReducerParams
    {"SVDF", {12, 4}, {8, 4}},                    // TfLiteSVDFParams
    {"TRANSPOSE_CONV", {20, 4}, {16, 4}},         // TfLiteTransposeConvParams
    {"UNIDIRECTIONAL_SEQUENCE_LSTM", {16, 4}, {16, 4}},  // ...LSTMParams
    {"UNPACK", {8, 4}, {8, 4}},                          // TfLiteUnpackParams
    {"VAR_HANDLE", {16, 8}, {8, 4}},  // TfLiteVarHandleParams
    {"WHILE", {8, 4}, {8, 4}},        // TfLiteWhileParams
};

// The names of `names`, for lookups in a model with many ops.
template <size_t N>
const std::unordered_set<std::string>& SetOf(const char* const (&names)[N]) {
  static const std::unordered_set<std::string> set(std::begin(names),
                                                   std::end(names));
  return set;
}

}  // namespace

const AbiLayout& LayoutOf(Abi abi) {
  return abi == Abi::kHost64 ? kHost64 : kCortexM;
}

const char* AbiName(Abi abi) {
  return abi == Abi::kHost64 ? "host64" : "cortex-m";
}

std::optional<Abi> ParseAbi(const std::string& name) {
  if (name == "cortex-m") return Abi::kCortexM;
  if (name == "host64") return Abi::kHost64;
  return std::nullopt;
}

OpSupport TflmOpSupport(const std::string& op_name) {
  if (SetOf(kBuiltins).count(op_name)) return OpSupport::kBuiltin;
  if (SetOf(kCustoms).count(op_name)) return OpSupport::kCustom;
  return OpSupport::kUnknown;
}

std::optional<SizeAlign> BuiltinDataOf(const std::string& op_name, Abi abi) {
  static const auto* const index = [] {
    auto* map = new std::unordered_map<std::string, const BuiltinData*>;
    for (const BuiltinData& b : kBuiltinData) (*map)[b.op] = &b;
    return map;
  }();
  const auto found = index->find(op_name);
  if (found == index->end()) return std::nullopt;
  return abi == Abi::kHost64 ? found->second->host64 : found->second->cortex_m;
}

}  // namespace arenaplan
