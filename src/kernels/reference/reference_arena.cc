// The reference kernels' Init and Prepare arena use, per op (TFLM 90b983c2,
// tensorflow/lite/micro/kernels/<file>.cc as named in each entry). Most
// Prepare functions take a temporary TfLiteTensor of some inputs and
// outputs and free them in the same order; those are one table row each.
#include "kernels/reference/reference_arena.h"

#include <cstring>
#include <string>
#include <unordered_map>

namespace arenaplan {
namespace {

using reference_arena::Bytes;
using reference_arena::DimsBytes;

constexpr int8_t kInt8 = 9;
constexpr int8_t kInt16 = 7;
constexpr int8_t kFloat32 = 0;

// A Prepare that holds temporary tensors (`in` inputs, then `out` outputs,
// by position; "" = none) and frees them in the same order, optionally
// copying the output's dims (CreateWritableTensorDimsWithCopy) before the
// frees. Init allocates `init_host64` / `init_cortex_m` bytes (0: no Init).
struct SimpleOp {
  const char* op;
  const char* file;  // the kernel file, for the reader
  int64_t init_host64;
  int64_t init_cortex_m;
  const char* in;   // input positions in allocation order, e.g. "01"
  const char* out;  // output positions
  bool output_dims_copy;
};

constexpr SimpleOp kSimpleOps[] = {
    {"ABS", "elementwise.cc", 28, 28, "0", "0", false},
    {"ADD", "add.cc, add_common.cc", 60, 60, "01", "0", false},
    {"ARG_MAX", "arg_min_max.cc", 0, 0, "", "", false},
    {"ARG_MIN", "arg_min_max.cc", 0, 0, "", "", false},
    {"AVERAGE_POOL_2D", "pooling.cc, pooling_common.cc", 32, 32, "0", "0",
     false},
    {"BATCH_TO_SPACE_ND", "batch_to_space_nd.cc", 0, 0, "0", "0", false},
    {"BROADCAST_ARGS", "broadcast_args.cc", 0, 0, "01", "0", false},
    {"BROADCAST_TO", "broadcast_to.cc", 0, 0, "01", "0", false},
    {"CALL_ONCE", "call_once.cc", 8, 8, "", "", false},
    {"CAST", "cast.cc", 0, 0, "0", "0", false},
    {"CEIL", "ceil.cc", 0, 0, "0", "0", false},
    {"COS", "elementwise.cc", 0, 0, "0", "0", false},
    {"DEPTH_TO_SPACE", "depth_to_space.cc", 0, 0, "0", "0", true},
    {"DEQUANTIZE", "dequantize.cc, dequantize_common.cc", 32, 32, "0", "0",
     false},
    {"DIV", "div.cc", 28, 28, "01", "0", false},
    {"DYNAMIC_UPDATE_SLICE", "dynamic_update_slice.cc", 0, 0, "012", "0",
     false},
    {"ELU", "elu.cc", 256, 256, "0", "0", false},
    {"EQUAL", "comparisons.cc", 32, 32, "01", "", false},
    {"EXP", "exp.cc", 0, 0, "0", "0", false},
    {"EXPAND_DIMS", "expand_dims.cc", 0, 0, "01", "0", false},
    {"FILL", "fill.cc", 0, 0, "01", "0", false},
    {"FLOOR", "floor.cc", 0, 0, "", "", false},
    {"FLOOR_DIV", "floor_div.cc", 0, 0, "01", "0", false},
    {"FLOOR_MOD", "floor_mod.cc", 0, 0, "01", "0", false},
    {"GATHER", "gather.cc", 0, 0, "01", "0", true},
    {"GATHER_ND", "gather_nd.cc", 0, 0, "01", "0", true},
    {"GREATER", "comparisons.cc", 32, 32, "01", "", false},
    {"GREATER_EQUAL", "comparisons.cc", 32, 32, "01", "", false},
    {"HARD_SWISH", "hard_swish.cc, hard_swish_common.cc", 20, 20, "0", "0",
     false},
    {"IF", "if.cc", 8, 8, "0", "", false},
    {"L2_NORMALIZATION", "l2norm.cc", 4, 4, "0", "0", false},
    {"LEAKY_RELU", "leaky_relu.cc, leaky_relu_common.cc", 24, 24, "0", "0",
     false},
    {"LESS", "comparisons.cc", 32, 32, "01", "", false},
    {"LESS_EQUAL", "comparisons.cc", 32, 32, "01", "", false},
    {"LOG", "elementwise.cc", 0, 0, "0", "0", false},
    {"LOGICAL_AND", "logical.cc", 0, 0, "", "", false},
    {"LOGICAL_NOT", "elementwise.cc", 0, 0, "0", "0", false},
    {"LOGICAL_OR", "logical.cc", 0, 0, "", "", false},
    {"LOGISTIC", "logistic.cc, logistic_common.cc", 16, 16, "0", "0", false},
    {"MAXIMUM", "maximum_minimum.cc", 0, 0, "", "", false},
    {"MAX_POOL_2D", "pooling.cc, pooling_common.cc", 32, 32, "0", "0", false},
    {"MINIMUM", "maximum_minimum.cc", 0, 0, "", "", false},
    {"MIRROR_PAD", "mirror_pad.cc", 20, 20, "01", "0", false},
    {"MUL", "mul.cc, mul_common.cc", 36, 36, "01", "0", false},
    {"NEG", "neg.cc", 0, 0, "", "", false},
    {"NOT_EQUAL", "comparisons.cc", 32, 32, "01", "", false},
    {"PACK", "pack.cc", 0, 0, "", "", false},
    {"PRELU", "prelu.cc, prelu_common.cc", 28, 28, "01", "0", false},
    {"QUANTIZE", "quantize.cc, quantize_common.cc", 32, 32, "0", "0", false},
    {"READ_VARIABLE", "read_variable.cc", 0, 0, "0", "", false},
    {"RELU", "activations.cc, activations_common.cc", 28, 28, "0", "0", false},
    {"RELU6", "activations.cc, activations_common.cc", 8, 8, "0", "", false},
    {"RESIZE_BILINEAR", "resize_bilinear.cc", 0, 0, "01", "0", false},
    {"RESIZE_NEAREST_NEIGHBOR", "resize_nearest_neighbor.cc", 0, 0, "01", "0",
     false},
    {"REVERSE_V2", "reverse.cc", 0, 0, "01", "0", false},
    {"ROUND", "round.cc", 0, 0, "0", "0", false},
    {"RSQRT", "elementwise.cc", 28, 28, "0", "0", false},
    {"SELECT_V2", "select.cc", 1, 1, "012", "0", false},
    {"SHAPE", "shape.cc", 0, 0, "", "", false},
    {"SIN", "elementwise.cc", 0, 0, "0", "0", false},
    {"SLICE", "slice.cc", 0, 0, "012", "0", false},
    {"SPACE_TO_BATCH_ND", "space_to_batch_nd.cc", 4, 4, "0", "0", false},
    {"SPACE_TO_DEPTH", "space_to_depth.cc", 0, 0, "0", "0", true},
    {"SPLIT", "split.cc", 0, 0, "0", "", false},
    {"SPLIT_V", "split_v.cc", 0, 0, "2", "", false},
    {"SQRT", "elementwise.cc", 0, 0, "0", "0", false},
    {"SQUARE", "elementwise.cc", 0, 0, "0", "0", false},
    {"SQUARED_DIFFERENCE", "squared_difference.cc", 112, 112, "01", "0", false},
    {"SQUEEZE", "squeeze.cc", 0, 0, "0", "0", false},
    {"STRIDED_SLICE", "strided_slice.cc, strided_slice_common.cc", 84, 84,
     "0123", "0", false},
    {"SUB", "sub.cc, sub_common.cc", 52, 52, "01", "0", false},
    {"TRANSPOSE", "transpose.cc, transpose_common.cc", 0, 0, "01", "0", false},
    {"UNPACK", "unpack.cc", 0, 0, "", "", false},
    {"VAR_HANDLE", "var_handle.cc", 4, 4, "", "", false},
    {"WHILE", "while.cc", 8, 8, "", "", false},
    {"ZEROS_LIKE", "zeros_like.cc", 0, 0, "0", "0", false},
    // Custom ops TFLM ships: OpData whatever the options say.
    {"CUSTOM:TFLite_Detection_PostProcess", "detection_postprocess.cc", 112,
     112, "012", "", false},
    {"CUSTOM:CIRCULAR_BUFFER", "circular_buffer.cc, circular_buffer_common.cc",
     8, 8, "0", "0", false},
};

void Simple(const SimpleOp& s, ArenaCalls& init, ArenaCalls& p, Abi abi) {
  const int64_t init_bytes = Bytes(abi, s.init_host64, s.init_cortex_m);
  if (init_bytes > 0) init.Persistent(init_bytes);
  std::vector<int32_t> held;
  for (const char* c = s.in; *c; ++c) held.push_back(p.Input(*c - '0'));
  for (const char* c = s.out; *c; ++c) held.push_back(p.Output(*c - '0'));
  if (s.output_dims_copy && p.op().output(0) >= 0) {
    p.Persistent(DimsBytes(p.op().tensor(p.op().output(0)).shape.size()));
  }
  for (int32_t h : held) p.Free(h);
}

int8_t TypeOf(const OpView& op, int32_t tensor) {
  return tensor >= 0 ? op.tensor(tensor).type : -1;
}

// Prepares with an extra step between taking and freeing the tensors.
bool Special(const std::string& name, ArenaCalls& init, ArenaCalls& p,
             Abi abi) {
  using namespace reference_arena;  // NOLINT(build/namespaces)
  const OpView& op = p.op();
  if (name == "CONV_2D") return ConvRule(init, p, abi);
  if (name == "DEPTHWISE_CONV_2D") return DepthwiseConvRule(init, p, abi);
  if (name == "TRANSPOSE_CONV") return TransposeConvRule(init, p, abi);
  if (name == "FULLY_CONNECTED") return FullyConnectedRule(init, p, abi);
  if (name == "BATCH_MATMUL") return BatchMatMulRule(init, p, abi);
  if (name == "UNIDIRECTIONAL_SEQUENCE_LSTM") return LstmRule(init, p, abi);
  if (name == "SVDF") return SvdfRule(init, p, abi);
  if (name.rfind("CUSTOM:Signal", 0) == 0)
    return SignalRule(name, init, p, abi);
  if (name == "MEAN" || name == "SUM" || name == "REDUCE_MAX" ||
      name == "REDUCE_MIN" || name == "REDUCE_ALL") {
    return ReduceRule(init, p, abi);
  }
  if (name == "CONCATENATION") {  // concatenation.cc ConcatenationPrepare
    init.Persistent(Bytes(abi, 40, 24));
    const int32_t first = p.Input(0);
    const int32_t out = p.Output(0);
    p.Free(first);
    for (size_t k = 0; k < op.op().inputs.size(); ++k) p.Free(p.Input(k));
    p.Free(out);
    return true;
  }
  if (name == "SOFTMAX") {  // softmax_common.cc InitializeLutForInt16
    init.Persistent(Bytes(abi, 80, 56));
    const int32_t in = p.Input(0);
    const int32_t out = p.Output(0);
    if (TypeOf(op, op.input(0)) == kInt16) {
      p.Persistent(2 * 513);  // exp and 1/(1+x) tables, kInt16LUTArraySize
      p.Persistent(2 * 513);
    }
    p.Free(in);
    p.Free(out);
    return true;
  }
  if (name == "PAD" || name == "PADV2") {  // pad_common.cc PadPrepare
    init.Persistent(56);
    const int32_t in = p.Input(0);
    const int32_t paddings = p.Input(1);
    const int32_t values = op.op().inputs.size() == 3 ? p.Input(2) : -1;
    const int32_t out = p.Output(0);
    p.Free(in);
    p.Free(paddings);
    p.Free(values);
    p.Free(out);
    return true;
  }
  if (name == "TANH") {   // tanh.cc TanhPrepare, CalculateArithmeticOpData
    init.Persistent(16);  // OpData
    const int32_t outer = p.Input(0);
    const int32_t in = p.Input(0);
    const int32_t out = p.Output(0);
    p.Free(in);
    p.Free(out);
    p.Free(outer);
    return true;
  }
  if (name == "L2_POOL_2D") {  // l2_pool_2d.cc L2Prepare
    const int32_t out = p.Output(0);
    const int32_t in = p.Input(0);
    if (op.output(0) >= 0) {
      p.Persistent(DimsBytes(op.tensor(op.output(0)).shape.size()));
    }
    p.Free(out);
    p.Free(in);
    return true;
  }
  if (name == "RESHAPE") {  // reshape_common.cc ReshapeOutput
    const int32_t in = p.Input(0);
    const int32_t out = p.Output(0);
    if (op.output(0) >= 0) {
      auto shape = op.tensor(op.output(0)).shape;
      if (op.op().inputs.size() == 1 && shape.size() == 1 && shape[0] == 0) {
        shape.clear();  // the legacy scalar
      }
      for (int32_t d : shape) {
        if (d == -1) {
          p.Persistent(DimsBytes(shape.size()));
          break;
        }
      }
    }
    p.Free(in);
    p.Free(out);
    return true;
  }
  if (name == "ADD_N") {  // add_n.cc CalculateOpData
    const int32_t first = p.Input(0);
    const int32_t out = p.Output(0);
    for (size_t k = 1; k < op.op().inputs.size(); ++k) p.Free(p.Input(k));
    if (TypeOf(op, op.output(0)) == kInt8) p.Persistent(40);  // OpData
    p.Free(first);
    p.Free(out);
    return true;
  }
  if (name == "CUMSUM") {  // cumsum.cc CalculateOpData
    const int32_t in = p.Input(0);
    const int32_t axis = p.Input(1);
    const int32_t out = p.Output(0);
    if (TypeOf(op, op.output(0)) == kInt8) p.Persistent(36);  // OpData
    p.Free(in);
    p.Free(axis);
    p.Free(out);
    return true;
  }
  if (name == "LOG_SOFTMAX") {  // log_softmax.cc CalculateOpData
    const int32_t in = p.Input(0);
    const int32_t out = p.Output(0);
    if (TypeOf(op, op.input(0)) == kInt8) p.Persistent(Bytes(abi, 40, 28));
    p.Free(in);
    p.Free(out);
    return true;
  }
  if (name == "EMBEDDING_LOOKUP") {  // embedding_lookup.cc
    const int32_t lookup = p.Input(0);
    const int32_t value = p.Input(1);
    const int32_t out = p.Output(0);
    if (op.output(0) >= 0) {
      p.Persistent(DimsBytes(op.tensor(op.output(0)).shape.size()));
    }
    p.Persistent(Bytes(abi, 16, 8));  // OpData (CalculateOpData)
    p.Free(lookup);
    p.Free(value);
    p.Free(out);
    return true;
  }
  if (name == "ASSIGN_VARIABLE") {  // assign_variable.cc Prepare
    // Without a resource-id input TFLM's Prepare dereferences nullptr
    // (GetEvalInput, TFLITE_DCHECK): not modelled.
    if (op.input(0) < 0) return false;
    const int32_t value = p.Input(1);
    if (op.input(1) >= 0) {
      // MicroResourceVariables::Allocate: the value's TfLiteTensor bytes,
      // from its shape as stored.
      const ModelTensor& t = op.tensor(op.input(1));
      int64_t elements = 1;
      for (int32_t d : t.shape) elements *= d;
      p.ResourceBuffer(op.input(0),
                       elements * std::max(0, TensorTypeSize(t.type)));
    }
    p.Free(value);
    return true;
  }
  (void)kFloat32;
  return false;
}

std::string TypeName(int8_t type) { return TensorTypeName(type); }

// The type checks of the reference kernels' Prepare that real models fail
// (uint8 and hybrid convolutions, float16 dequantization): "" when the
// types pass. conv_common.cc ConvPrepare, depthwise_conv_common.cc
// DepthwiseConvPrepare, fully_connected.cc FullyConnectedPrepare,
// dequantize_common.cc DequantizePrepare, quantize_common.cc
// PrepareQuantizeReference.
std::string Rejects(const std::string& name, const OpView& op) {
  const int8_t in = TypeOf(op, op.input(0));
  const int8_t filter = TypeOf(op, op.input(1));
  const int8_t out = TypeOf(op, op.output(0));
  constexpr int8_t kInt4 = 17, kUInt8 = 3, kInt32 = 2;
  const std::string types = TypeName(in) + " input, " +
                            (name == "DEQUANTIZE" || name == "QUANTIZE"
                                 ? ""
                                 : TypeName(filter) + " filter, ") +
                            TypeName(out) + " output";
  if (name == "CONV_2D") {
    const bool ok =
        in == out && ((in == kFloat32 && filter == kFloat32) ||
                      (in == kInt16 && filter == kInt8) ||
                      (in == kInt8 && (filter == kInt4 || filter == kInt8)));
    return ok ? "" : types;
  }
  if (name == "DEPTHWISE_CONV_2D") {
    const bool ok = in == filter || (in == kInt8 && filter == kInt4) ||
                    (in == kInt16 && filter == kInt8);
    return ok ? "" : types;
  }
  if (name == "FULLY_CONNECTED") {
    const bool bad = in != out || (in == kFloat32 && filter != kFloat32) ||
                     (in == kInt8 && filter != kInt8 && filter != kInt4) ||
                     (in == kInt16 && filter != kInt8);
    return bad ? types : "";
  }
  if (name == "DEQUANTIZE") {
    const bool ok =
        (in == kInt8 || in == kInt16 || in == kUInt8) && out == kFloat32;
    return ok ? "" : types;
  }
  if (name == "QUANTIZE") {
    const bool ok =
        (in == kFloat32 || in == kInt32 || in == kInt16 || in == kInt8 ||
         in == kUInt8) &&
        (out == kInt8 || out == kInt16 || out == kInt32 || out == kUInt8);
    return ok ? "" : types;
  }
  return "";
}

}  // namespace

std::optional<KernelArenaUse> ReferenceArena(const OpView& op,
                                             const KernelOptions&, Abi abi) {
  KernelArenaUse use;
  ArenaCalls init(op, use.init);
  ArenaCalls prepare(op, use.prepare);
  static const auto* const simple = [] {
    auto* map = new std::unordered_map<std::string, const SimpleOp*>;
    for (const SimpleOp& s : kSimpleOps) (*map)[s.op] = &s;
    return map;
  }();
  const std::string name = OperatorName(op.op());
  use.rejects = Rejects(name, op);
  const auto found = simple->find(name);
  if (found != simple->end()) {
    Simple(*found->second, init, prepare, abi);
    return use;
  }
  if (Special(name, init, prepare, abi)) return use;
  return std::nullopt;
}

}  // namespace arenaplan
