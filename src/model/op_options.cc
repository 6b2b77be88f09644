#include "model/op_options.h"

#include <cstring>

namespace arenaplan {
namespace fb = arenaplan::schema;

namespace {

template <typename Options>
void ReadWindow(const Options& o, OpOptions& out) {
  out.padding = o.padding();
  out.stride_w = o.stride_w();
  out.stride_h = o.stride_h();
  out.activation = o.fused_activation_function();
}

}  // namespace

OpOptions ReadOpOptions(const fb::Operator& op) {
  OpOptions out;
  out.type = static_cast<uint8_t>(op.builtin_options_type());
  if (const auto* o = op.builtin_options_as_Conv2DOptions()) {
    ReadWindow(*o, out);
    out.dilation_w = o->dilation_w_factor();
    out.dilation_h = o->dilation_h_factor();
    out.quantized_bias_type = o->quantized_bias_type();
  } else if (const auto* o = op.builtin_options_as_DepthwiseConv2DOptions()) {
    ReadWindow(*o, out);
    out.depth_multiplier = o->depth_multiplier();
    out.dilation_w = o->dilation_w_factor();
    out.dilation_h = o->dilation_h_factor();
  } else if (const auto* o = op.builtin_options_as_Pool2DOptions()) {
    ReadWindow(*o, out);
    out.filter_w = o->filter_width();
    out.filter_h = o->filter_height();
  } else if (const auto* o = op.builtin_options_as_TransposeConvOptions()) {
    ReadWindow(*o, out);
    out.quantized_bias_type = o->quantized_bias_type();
  } else if (const auto* o = op.builtin_options_as_SVDFOptions()) {
    out.rank = o->rank();
    out.activation = o->fused_activation_function();
    out.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  } else if (const auto* o = op.builtin_options_as_FullyConnectedOptions()) {
    out.activation = o->fused_activation_function();
    out.weights_format = o->weights_format();
    out.keep_num_dims = o->keep_num_dims();
    out.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
    out.quantized_bias_type = o->quantized_bias_type();
  } else if (const auto* o = op.builtin_options_as_SoftmaxOptions()) {
    out.beta = o->beta();
  } else if (const auto* o = op.builtin_options_as_ConcatenationOptions()) {
    out.axis = o->axis();
    out.activation = o->fused_activation_function();
  } else if (const auto* o = op.builtin_options_as_AddOptions()) {
    out.activation = o->fused_activation_function();
    out.pot_scale_int16 = o->pot_scale_int16();
  } else if (const auto* o = op.builtin_options_as_SubOptions()) {
    out.activation = o->fused_activation_function();
    out.pot_scale_int16 = o->pot_scale_int16();
  } else if (const auto* o = op.builtin_options_as_MulOptions()) {
    out.activation = o->fused_activation_function();
  } else if (const auto* o = op.builtin_options_as_DivOptions()) {
    out.activation = o->fused_activation_function();
  } else if (const auto* o = op.builtin_options_as_LSTMOptions()) {
    out.activation = o->fused_activation_function();
    out.cell_clip = o->cell_clip();
    out.proj_clip = o->proj_clip();
    out.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  } else if (const auto* o =
                 op.builtin_options_as_UnidirectionalSequenceLSTMOptions()) {
    out.activation = o->fused_activation_function();
    out.cell_clip = o->cell_clip();
    out.proj_clip = o->proj_clip();
    out.time_major = o->time_major();
    out.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  } else if (const auto* o = op.builtin_options_as_GatherOptions()) {
    out.axis = o->axis();
    out.batch_dims = o->batch_dims();
  } else if (const auto* o = op.builtin_options_as_ReducerOptions()) {
    out.keep_dims = o->keep_dims();
  } else if (const auto* o = op.builtin_options_as_PackOptions()) {
    out.count = o->values_count();
    out.axis = o->axis();
  } else if (const auto* o = op.builtin_options_as_UnpackOptions()) {
    out.count = o->num();
    out.axis = o->axis();
  } else if (const auto* o = op.builtin_options_as_MirrorPadOptions()) {
    out.mirror_pad_mode = o->mode();
  } else if (const auto* o = op.builtin_options_as_BatchMatMulOptions()) {
    out.adj_x = o->adj_x();
    out.adj_y = o->adj_y();
    out.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  } else if (const auto* o = op.builtin_options_as_VarHandleOptions()) {
    if (o->container()) out.container = o->container()->str();
    if (o->shared_name()) out.shared_name = o->shared_name()->str();
  }
  return out;
}

ModelQuantization ReadQuantization(const fb::QuantizationParameters* q) {
  ModelQuantization out;
  if (q == nullptr) return out;
  out.present = true;
  if (q->scale()) out.scale.assign(q->scale()->begin(), q->scale()->end());
  if (const auto* zp = q->zero_point()) {
    // The verifier aligns a vector's 4-byte length, not its 8-byte
    // elements: a hostile file can place them misaligned, so they are
    // copied bytewise, never loaded as int64 in place.
    out.zero_point.resize(zp->size());
    if (zp->size() != 0) {
      std::memcpy(out.zero_point.data(), zp->Data(),
                  zp->size() * sizeof(int64_t));
    }
  }
  out.quantized_dimension = q->quantized_dimension();
  return out;
}

flatbuffers::Offset<void> WriteOpOptions(flatbuffers::FlatBufferBuilder& b,
                                         const OpOptions& o) {
  using T = fb::BuiltinOptions;
  const auto pad = static_cast<int8_t>(o.padding);
  const auto act = static_cast<int8_t>(o.activation);
  switch (static_cast<T>(o.type)) {
    case T::Conv2DOptions:
      return fb::CreateConv2DOptions(b, pad, o.stride_w, o.stride_h, act,
                                     o.dilation_w, o.dilation_h,
                                     o.quantized_bias_type)
          .Union();
    case T::DepthwiseConv2DOptions:
      return fb::CreateDepthwiseConv2DOptions(b, pad, o.stride_w, o.stride_h,
                                              o.depth_multiplier, act,
                                              o.dilation_w, o.dilation_h)
          .Union();
    case T::Pool2DOptions:
      return fb::CreatePool2DOptions(b, pad, o.stride_w, o.stride_h, o.filter_w,
                                     o.filter_h, act)
          .Union();
    case T::TransposeConvOptions:
      return fb::CreateTransposeConvOptions(b, pad, o.stride_w, o.stride_h, act,
                                            o.quantized_bias_type)
          .Union();
    case T::SVDFOptions:
      return fb::CreateSVDFOptions(b, o.rank, act, o.asymmetric_quantize_inputs)
          .Union();
    case T::FullyConnectedOptions:
      return fb::CreateFullyConnectedOptions(
                 b, act, static_cast<int8_t>(o.weights_format), o.keep_num_dims,
                 o.asymmetric_quantize_inputs, o.quantized_bias_type)
          .Union();
    case T::SoftmaxOptions:
      return fb::CreateSoftmaxOptions(b, o.beta).Union();
    case T::ConcatenationOptions:
      return fb::CreateConcatenationOptions(b, o.axis, act).Union();
    case T::AddOptions:
      return fb::CreateAddOptions(b, act, o.pot_scale_int16).Union();
    case T::SubOptions:
      return fb::CreateSubOptions(b, act, o.pot_scale_int16).Union();
    case T::MulOptions:
      return fb::CreateMulOptions(b, act).Union();
    case T::DivOptions:
      return fb::CreateDivOptions(b, act).Union();
    case T::LSTMOptions:
      return fb::CreateLSTMOptions(b, act, o.cell_clip, o.proj_clip, 0,
                                   o.asymmetric_quantize_inputs)
          .Union();
    case T::UnidirectionalSequenceLSTMOptions:
      return fb::CreateUnidirectionalSequenceLSTMOptions(
                 b, act, o.cell_clip, o.proj_clip, o.time_major,
                 o.asymmetric_quantize_inputs)
          .Union();
    case T::GatherOptions:
      return fb::CreateGatherOptions(b, o.axis, o.batch_dims).Union();
    case T::ReducerOptions:
      return fb::CreateReducerOptions(b, o.keep_dims).Union();
    case T::PackOptions:
      return fb::CreatePackOptions(b, o.count, o.axis).Union();
    case T::UnpackOptions:
      return fb::CreateUnpackOptions(b, o.count, o.axis).Union();
    case T::MirrorPadOptions:
      return fb::CreateMirrorPadOptions(b,
                                        static_cast<int8_t>(o.mirror_pad_mode))
          .Union();
    case T::BatchMatMulOptions:
      return fb::CreateBatchMatMulOptions(b, o.adj_x, o.adj_y,
                                          o.asymmetric_quantize_inputs)
          .Union();
    case T::VarHandleOptions: {
      // One builder call per statement (argument order is unspecified).
      const auto container =
          o.container.empty() ? 0 : b.CreateString(o.container);
      const auto shared_name =
          o.shared_name.empty() ? 0 : b.CreateString(o.shared_name);
      return fb::CreateVarHandleOptions(b, container, shared_name).Union();
    }
    default:
      return 0;
  }
}

flatbuffers::Offset<fb::QuantizationParameters> WriteQuantization(
    flatbuffers::FlatBufferBuilder& b, const ModelQuantization& q) {
  if (!q.present) return 0;
  const auto scale = q.scale.empty() ? 0 : b.CreateVector(q.scale);
  const auto zero_point =
      q.zero_point.empty() ? 0 : b.CreateVector(q.zero_point);
  return fb::CreateQuantizationParameters(b, 0, 0, scale, zero_point,
                                          fb::QuantizationDetails::NONE, 0,
                                          q.quantized_dimension);
}

}  // namespace arenaplan
