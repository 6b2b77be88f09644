#include "model/model_reader.h"

#include <flatbuffers/flatbuffers.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>

#include "model/builtin_ops.h"
#include "model/op_options.h"
#include "model/tflite_schema_generated.h"
#include "problem/error.h"

namespace arenaplan {
namespace fb = arenaplan::schema;

size_t Model::TensorCount() const {
  size_t count = 0;
  for (const ModelSubgraph& s : subgraphs) count += s.tensors.size();
  return count;
}

std::string OperatorName(const ModelOperator& op) {
  if (op.kernel_code == op::kCustom) return "CUSTOM:" + op.custom_code;
  const char* name = BuiltinOperatorName(op.kernel_code);
  return name ? name : "BUILTIN_" + std::to_string(op.kernel_code);
}

int TensorTypeSize(int8_t type) {
  switch (type) {
    case 0:
      return 4;  // FLOAT32
    case 1:
      return 2;  // FLOAT16
    case 2:
      return 4;  // INT32
    case 3:
      return 1;  // UINT8
    case 4:
      return 8;  // INT64
    case 6:
      return 1;  // BOOL
    case 7:
      return 2;  // INT16
    case 8:
      return 8;  // COMPLEX64
    case 9:
      return 1;  // INT8
    case 10:
      return 8;  // FLOAT64
    case 11:
      return 16;  // COMPLEX128
    case 12:
      return 8;  // UINT64
    case 13:
      return 4;  // RESOURCE: an int32 handle
    case 15:
      return 4;  // UINT32
    case 16:
      return 2;  // UINT16
    case 17:
      return 1;  // INT4: TFLM counts one byte per element
    case 18:
      return 2;  // BFLOAT16
    default:
      return -1;  // STRING, VARIANT, INT2, UINT4, FLOAT8_*, unknown
  }
}

std::string TensorTypeName(int8_t type) {
  static const char* const kNames[] = {
      "FLOAT32", "FLOAT16",       "INT32",      "UINT8",     "INT64",
      "STRING",  "BOOL",          "INT16",      "COMPLEX64", "INT8",
      "FLOAT64", "COMPLEX128",    "UINT64",     "RESOURCE",  "VARIANT",
      "UINT32",  "UINT16",        "INT4",       "BFLOAT16",  "INT2",
      "UINT4",   "FLOAT8_E4M3FN", "FLOAT8_E5M2"};
  if (type >= 0 && type < static_cast<int>(std::size(kNames))) {
    return kNames[type];
  }
  return "TYPE_" + std::to_string(type);
}

std::vector<uint8_t> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(path + ": cannot open: " + std::strerror(errno), ExitCode::kIo);
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
    for (uint32_t s = 0; s < num_subgraphs_; ++s) {
      model_.subgraphs.push_back(ReadSubgraph(s));
    }
    CheckCallCycles();
    ReadOfflinePlan();
    return std::move(model_);
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw Error(label_ + ": " + what);
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
    for (int32_t t : out.intermediates)
      check(t, where + ": intermediate tensor");
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

  // A subgraph that (transitively) calls itself would make TFLM's lifetime
  // pass recurse forever.
  void CheckCallCycles() const {
    enum State { kNew, kOnStack, kDone };
    std::vector<State> state(num_subgraphs_, kNew);
    // Iterative DFS: (subgraph, next op to look at, next callee).
    struct Frame {
      uint32_t subgraph;
      size_t op;
      size_t callee;
    };
    for (uint32_t root = 0; root < num_subgraphs_; ++root) {
      if (state[root] != kNew) continue;
      std::vector<Frame> stack{{root, 0, 0}};
      state[root] = kOnStack;
      while (!stack.empty()) {
        Frame& f = stack.back();
        const auto& ops = model_.subgraphs[f.subgraph].operators;
        if (f.op >= ops.size()) {
          state[f.subgraph] = kDone;
          stack.pop_back();
          continue;
        }
        const auto& callees = ops[f.op].called_subgraphs;
        if (f.callee >= callees.size()) {
          ++f.op;
          f.callee = 0;
          continue;
        }
        const uint32_t next = static_cast<uint32_t>(callees[f.callee++]);
        if (state[next] == kOnStack) {
          Fail("subgraph " + std::to_string(f.subgraph) + " op " +
               std::to_string(f.op) + " (" + OperatorName(ops[f.op]) +
               "): control-flow cycle: subgraph " + std::to_string(next) +
               " calls itself");
        }
        if (state[next] == kNew) {
          state[next] = kOnStack;
          stack.push_back({next, 0, 0});
        }
      }
    }
  }

  void ReadOfflinePlan() {
    if (fb_->metadata() == nullptr) return;
    for (uint32_t m = 0; m < fb_->metadata()->size(); ++m) {
      const fb::Metadata* meta = fb_->metadata()->Get(m);
      if (!meta->name() || meta->name()->str() != "OfflineMemoryAllocation") {
        continue;
      }
      const std::string where =
          "metadata " + std::to_string(m) + " (OfflineMemoryAllocation)";
      if (meta->buffer() >= num_buffers_) {
        Fail(where + ": buffer " + std::to_string(meta->buffer()) +
             " out of range (" + std::to_string(num_buffers_) + " buffers)");
      }
      const auto* data = fb_->buffers()->Get(meta->buffer())->data();
      const size_t bytes = data ? data->size() : 0;
      if (bytes < 12 || bytes % 4 != 0) {
        Fail(where + ": " + std::to_string(bytes) +
             " bytes, not [version, subgraphs, n, offsets...] int32 words");
      }
      const auto word = [&](size_t k) {
        int32_t value;
        std::memcpy(&value, data->data() + 4 * k, 4);  // little-endian host
        return value;
      };
      const int64_t n = static_cast<uint32_t>(word(2));
      const size_t tensors = model_.TensorCount();
      if (static_cast<size_t>(n) != tensors) {
        Fail(where + ": " + std::to_string(n) + " offsets but the model has " +
             std::to_string(tensors) + " tensors (TFLM fails AllocateTensors)");
      }
      if (bytes / 4 < 3 + static_cast<size_t>(n)) {
        Fail(where + ": holds " + std::to_string(bytes / 4 - 3) +
             " offsets, declares " + std::to_string(n));
      }
      Charge(sizeof(int32_t) * n);
      std::vector<int32_t> offsets(n);
      for (int64_t k = 0; k < n; ++k) offsets[k] = word(3 + k);
      model_.offline_offsets = std::move(offsets);  // the last entry wins
    }
  }

  const fb::Model* fb_;
  std::string label_;
  Model model_;
  uint32_t num_buffers_ = 0;
  uint32_t num_codes_ = 0;
  uint32_t num_subgraphs_ = 0;
  int64_t budget_ = 0;
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
