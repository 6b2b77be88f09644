#include "model/model_reader.h"

#include <flatbuffers/flatbuffers.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "model/builtin_ops.h"
#include "model/call_graph.h"
#include "model/model_warnings.h"
#include "model/offline_metadata.h"
#include "model/op_options.h"
#include "model/tflite_schema_generated.h"
#include "problem/error.h"

namespace arenaplan {
namespace fb = arenaplan::schema;

std::vector<uint8_t> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(path + ": cannot open: " + std::strerror(errno), ExitCode::kIo);
  }
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw Error(path + ": is a directory, not a .tflite file", ExitCode::kIo);
  }
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw Error(path + ": cannot read", ExitCode::kIo);
  if (size > static_cast<std::streamoff>(FLATBUFFERS_MAX_BUFFER_SIZE)) {
    throw Error(path + ": file larger than 2 GiB, not a flatbuffer");
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  in.seekg(0, std::ios::beg);
  if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size)) {
    throw Error(path + ": cannot read", ExitCode::kIo);
  }
  return bytes;
}

namespace {

// Length of the well-formed UTF-8 sequence at text[i], or 0 when it is not
// one (stray continuation byte, overlong form, surrogate, beyond U+10FFFF).
size_t Utf8SequenceLength(const std::string& text, size_t i) {
  const auto byte = [&](size_t k) {
    return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u;
  };
  const unsigned lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned low = 0x80, high = 0xBF;  // range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

// Names end up in JSON, SVG and C++ comments, which need valid UTF-8; a
// corrupt byte becomes U+FFFD (names only label things, TFLM ignores them).
std::string ValidUtf8(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  return out;
}

std::vector<int32_t> ToVector(const flatbuffers::Vector<int32_t>* v) {
  if (v == nullptr) return {};
  return std::vector<int32_t>(v->begin(), v->end());
}

class Reader {
 public:
  Reader(const fb::Model* model, std::string label)
      : fb_(model), label_(std::move(label)) {}

  Model Read(size_t file_size) {
    // Flatbuffers let many offsets point at one table or vector, so a small
    // file can describe far more structure than it holds; a budget tied to
    // the file size keeps memory and time proportional to it.
    budget_ = 32 * static_cast<int64_t>(file_size) + (1 << 16);
    if (fb_->subgraphs() == nullptr || fb_->subgraphs()->size() == 0) {
      Fail("model has no subgraphs");
    }
    num_buffers_ = fb_->buffers() ? fb_->buffers()->size() : 0;
    num_codes_ = fb_->operator_codes() ? fb_->operator_codes()->size() : 0;
    num_subgraphs_ = fb_->subgraphs()->size();
    for (uint32_t c = 0; c < num_codes_; ++c) {
      const flatbuffers::String* custom =
          fb_->operator_codes()->Get(c)->custom_code();
      if (custom && custom->str().rfind("Flex", 0) == 0) {
        model_.flex_ops.push_back(ChargedString(custom));
      }
    }
    for (uint32_t s = 0; s < num_subgraphs_; ++s) {
      model_.subgraphs.push_back(ReadSubgraph(s));
    }
    if (external_tensors_ > 0) {
      model_.warnings.push_back(
          std::to_string(external_tensors_) +
          " tensor(s) keep their data outside the flatbuffer (Buffer "
          "offset/size), e.g. " +
          first_external_ +
          ": TFLM ignores offset and size, so it plans such a tensor in the "
          "arena as an activation and runs without its data");
    }
    CheckCallCycles(model_, label_);
    AddModelWarnings(model_);
    model_.offline_offsets = ReadOfflineMemoryAllocation(
        *fb_, model_.TensorCount(), label_, model_.warnings);
    return std::move(model_);
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw Error(label_ + ": " + what + FlexNote(model_));
  }

  // Accounts `bytes` of decoded model against the budget.
  void Charge(size_t bytes) {
    budget_ -= static_cast<int64_t>(bytes);
    if (budget_ < 0) {
      Fail(
          "tables and vectors are reused so often that decoding would take "
          "more than 32 times the file size (hostile or corrupt file)");
    }
  }
  std::vector<int32_t> ChargedVector(const flatbuffers::Vector<int32_t>* v) {
    Charge(v ? sizeof(int32_t) * v->size() : 0);
    return ToVector(v);
  }
  std::string ChargedString(const flatbuffers::String* s) {
    if (s == nullptr) return {};
    Charge(s->size());
    return ValidUtf8(s->str());
  }

  ModelSubgraph ReadSubgraph(uint32_t s) {
    const fb::SubGraph* sg = fb_->subgraphs()->Get(s);
    const std::string where = "subgraph " + std::to_string(s);
    if (sg->tensors() == nullptr) Fail(where + ": has no tensor list");
    ModelSubgraph out;
    Charge(sizeof(ModelSubgraph));
    out.name = ChargedString(sg->name());
    const int32_t num_tensors = static_cast<int32_t>(sg->tensors()->size());
    for (int32_t t = 0; t < num_tensors; ++t) {
      out.tensors.push_back(ReadTensor(sg->tensors()->Get(t),
                                       where + " tensor " + std::to_string(t)));
    }
    const auto check_index = [&](int32_t index, const std::string& what) {
      if (index < 0 || index >= num_tensors) {
        Fail(what + " " + std::to_string(index) + " out of range (" +
             std::to_string(num_tensors) + " tensors)");
      }
    };
    out.inputs = ChargedVector(sg->inputs());
    for (int32_t i : out.inputs) check_index(i, where + ": input tensor");
    out.outputs = ChargedVector(sg->outputs());
    for (int32_t i : out.outputs) check_index(i, where + ": output tensor");
    if (sg->operators()) {
      for (uint32_t i = 0; i < sg->operators()->size(); ++i) {
        out.operators.push_back(ReadOperator(sg->operators()->Get(i), s, i,
                                             num_tensors, check_index));
      }
    }
    return out;
  }

  ModelTensor ReadTensor(const fb::Tensor* t, const std::string& where) {
    ModelTensor out;
    Charge(sizeof(ModelTensor));
    out.name = ChargedString(t->name());
    const std::string element =
        where + (out.name.empty() ? "" : " (" + out.name + ")");
    out.shape = ChargedVector(t->shape());
    out.type = t->type();
    out.is_variable = t->is_variable();
    out.buffer = t->buffer();
    if (TensorTypeSize(out.type) < 0) {
      Fail(element + ": tensor type " + TensorTypeName(out.type) +
           " cannot be sized by TFLM");
    }
    if (out.buffer >= num_buffers_) {
      Fail(element + ": buffer " + std::to_string(out.buffer) +
           " out of range (" + std::to_string(num_buffers_) + " buffers)");
    }
    const fb::Buffer* buffer = fb_->buffers()->Get(out.buffer);
    out.has_data = buffer->data() != nullptr && buffer->data()->size() > 0;
    if (out.has_data) {
      out.data_size = buffer->data()->size();
      if (out.data_size <= kKeptDataBytes) {
        Charge(out.data_size);
        out.data.assign(buffer->data()->begin(), buffer->data()->end());
      }
    }
    out.quantization = ReadQuantization(t->quantization());
    Charge(out.quantization.scale.size() * sizeof(float) +
           out.quantization.zero_point.size() * sizeof(int64_t));
    // The schema's offset > 1 marks data stored after the flatbuffer;
    // TFLM's allocator reads only Buffer.data
    // (micro/micro_allocator.cc, GetFlatbufferTensorBuffer).
    if (!out.has_data && buffer->offset() > 1 && buffer->size() > 0) {
      if (external_tensors_++ == 0) first_external_ = element;
    }
    // Element count must stay representable; -1 dims are only legal where a
    // kernel resolves them, which buffer_list.cc checks.
    int64_t elements = 1;
    for (int32_t dim : out.shape) {
      if (dim < -1) {
        Fail(element + ": negative dimension " + std::to_string(dim));
      }
      if (dim <= 0) continue;
      if (elements > std::numeric_limits<int64_t>::max() / 16 / dim) {
        Fail(element + ": byte size overflows");
      }
      elements *= dim;
    }
    return out;
  }

  template <typename CheckIndex>
  ModelOperator ReadOperator(const fb::Operator* o, uint32_t s, uint32_t i,
                             int32_t num_tensors, const CheckIndex& check) {
    ModelOperator out;
    Charge(sizeof(ModelOperator));
    std::string where =
        "subgraph " + std::to_string(s) + " op " + std::to_string(i);
    if (o->opcode_index() >= num_codes_) {
      Fail(where + ": operator code " + std::to_string(o->opcode_index()) +
           " out of range (" + std::to_string(num_codes_) + " codes)");
    }
    const fb::OperatorCode* code =
        fb_->operator_codes()->Get(o->opcode_index());
    out.builtin_code = code->builtin_code();
    out.kernel_code = std::max<int32_t>(code->builtin_code(),
                                        code->deprecated_builtin_code());
    out.custom_code = ChargedString(code->custom_code());
    if (BuiltinOperatorName(out.kernel_code) == nullptr) {
      Fail(where + ": unknown builtin operator code " +
           std::to_string(out.kernel_code));
    }
    where += " (" + OperatorName(out) + ")";
    out.has_custom_options =
        o->custom_options() != nullptr && o->custom_options()->size() > 0;
    if (out.has_custom_options && out.kernel_code != op::kCustom) {
      Fail(where + ": builtin operator carries custom_options (TFLM refuses)");
    }
    if (out.has_custom_options &&
        o->custom_options()->size() <= kKeptDataBytes) {
      Charge(o->custom_options()->size());
      out.custom_options.assign(o->custom_options()->begin(),
                                o->custom_options()->end());
    }
    out.inputs = ChargedVector(o->inputs());
    out.outputs = ChargedVector(o->outputs());
    out.intermediates = ChargedVector(o->intermediates());
    out.options = ReadOpOptions(*o);
    for (int32_t t : out.inputs) {
      if (t != -1) check(t, where + ": input tensor");
    }
    for (int32_t t : out.outputs) check(t, where + ": output tensor");
    for (int32_t t : out.intermediates) {
      check(t, where + ": intermediate tensor");
    }
    (void)num_tensors;

    const auto subgraph_ref = [&](int32_t index, const char* role) {
      if (index < 0 || static_cast<uint32_t>(index) >= num_subgraphs_) {
        Fail(where + ": " + role + " subgraph " + std::to_string(index) +
             " out of range (" + std::to_string(num_subgraphs_) +
             " subgraphs)");
      }
      out.called_subgraphs.push_back(index);
    };
    switch (out.builtin_code) {
      case op::kIf: {
        const fb::IfOptions* opts = o->builtin_options_as_IfOptions();
        if (!opts) Fail(where + ": missing IfOptions");
        subgraph_ref(opts->then_subgraph_index(), "then");
        subgraph_ref(opts->else_subgraph_index(), "else");
        break;
      }
      case op::kWhile: {
        const fb::WhileOptions* opts = o->builtin_options_as_WhileOptions();
        if (!opts) Fail(where + ": missing WhileOptions");
        subgraph_ref(opts->cond_subgraph_index(), "cond");
        subgraph_ref(opts->body_subgraph_index(), "body");
        break;
      }
      case op::kCallOnce: {
        const fb::CallOnceOptions* opts =
            o->builtin_options_as_CallOnceOptions();
        if (!opts) Fail(where + ": missing CallOnceOptions");
        subgraph_ref(opts->init_subgraph_index(), "init");
        break;
      }
      default:
        break;
    }
    return out;
  }

  const fb::Model* fb_;
  std::string label_;
  Model model_;
  uint32_t num_buffers_ = 0;
  uint32_t num_codes_ = 0;
  uint32_t num_subgraphs_ = 0;
  int64_t budget_ = 0;
  size_t external_tensors_ = 0;  // tensors with data outside the flatbuffer
  std::string first_external_;
};

}  // namespace

Model ReadModel(const uint8_t* data, size_t size, const std::string& label) {
  if (size < 8 || !flatbuffers::BufferHasIdentifier(data, "TFL3")) {
    throw Error(label + ": not a TFLite model (file identifier is not TFL3)");
  }
  if (size > FLATBUFFERS_MAX_BUFFER_SIZE) {
    throw Error(label + ": larger than 2 GiB, not a flatbuffer");
  }
  // Limits keep a hostile file from costing unbounded time.
  flatbuffers::Verifier verifier(data, size, /*max_depth=*/64,
                                 /*max_tables=*/10'000'000);
  if (!fb::VerifyModelBuffer(verifier)) {
    throw Error(label +
                ": flatbuffer verification failed (corrupt or truncated file)");
  }
  return Reader(fb::GetModel(data), label).Read(size);
}

}  // namespace arenaplan
