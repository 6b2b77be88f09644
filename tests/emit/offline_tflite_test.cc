// The offline-plan .tflite: append-only (every input byte outside the few
// re-pointed offsets unchanged), verifiable, and reading back to the plan.
//
// Golden files (tests/emit/golden/example_offline.tflite and
// example_offline_metadata.txt) come from the built-in example. After an
// intended change, regenerate them from the checkout with:
//   build/arenaplan plan --example --tflite
//   tests/emit/golden/example_offline.tflite ARENAPLAN_REGENERATE_GOLDEN=1
//   build-dir/tests/emit/emit_tests
// (the second writes example_offline_metadata.txt) and review the diff.
#include "emit/offline_tflite.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>

#include "emit/emit_support.h"
#include "model/example_model.h"
#include "model/model_builder.h"
#include "model/recording.h"
#include "model/tflite_schema_generated.h"
#include "problem/csv_table.h"
#include "test_support.h"

namespace arenaplan {
namespace {

namespace fb = schema;

std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// The int32 words of the last OfflineMemoryAllocation entry.
std::vector<int32_t> MetadataWords(const std::vector<uint8_t>& bytes) {
  const fb::Model* model = fb::GetModel(bytes.data());
  std::vector<int32_t> words;
  for (const fb::Metadata* m : *model->metadata()) {
    if (m->name()->str() != "OfflineMemoryAllocation") continue;
    const auto* data = model->buffers()->Get(m->buffer())->data();
    EXPECT_EQ(static_cast<size_t>(data->data() - bytes.data()) % 16, 0u)
        << "metadata data must be 16-aligned";
    words.assign(data->size() / 4, 0);
    std::memcpy(words.data(), data->data(), words.size() * 4);
  }
  return words;
}

// The test's own check, independent of the writer's self-check.
void ExpectAppendOnly(const std::vector<uint8_t>& input,
                      const OfflineTflite& out) {
  ASSERT_GE(out.bytes.size(), input.size());
  // At most: root offset, root table start, metadata slot, buffer slot.
  EXPECT_LE(out.patched.size(), 4u);
  size_t changed = 0;
  for (size_t i = 0; i < input.size(); ++i) {
    if (input[i] == out.bytes[i]) continue;
    ++changed;
    bool inside = false;
    for (const auto& [begin, end] : out.patched) {
      inside |= begin <= i && i < end;
    }
    EXPECT_TRUE(inside) << "byte " << i << " changed outside the patches";
  }
  for (const auto& [begin, end] : out.patched) EXPECT_EQ(end - begin, 4u);
  EXPECT_GT(changed, 0u);
}

// Everything planning reads is the same in both models.
void ExpectSameModel(const Model& a, const Model& b) {
  ASSERT_EQ(a.subgraphs.size(), b.subgraphs.size());
  for (size_t s = 0; s < a.subgraphs.size(); ++s) {
    const ModelSubgraph& x = a.subgraphs[s];
    const ModelSubgraph& y = b.subgraphs[s];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.inputs, y.inputs);
    EXPECT_EQ(x.outputs, y.outputs);
    ASSERT_EQ(x.tensors.size(), y.tensors.size());
    for (size_t t = 0; t < x.tensors.size(); ++t) {
      EXPECT_EQ(x.tensors[t].name, y.tensors[t].name);
      EXPECT_EQ(x.tensors[t].shape, y.tensors[t].shape);
      EXPECT_EQ(x.tensors[t].type, y.tensors[t].type);
      EXPECT_EQ(x.tensors[t].buffer, y.tensors[t].buffer);
      EXPECT_EQ(x.tensors[t].has_data, y.tensors[t].has_data);
      EXPECT_EQ(x.tensors[t].is_variable, y.tensors[t].is_variable);
    }
    ASSERT_EQ(x.operators.size(), y.operators.size());
    for (size_t o = 0; o < x.operators.size(); ++o) {
      EXPECT_EQ(x.operators[o].builtin_code, y.operators[o].builtin_code);
      EXPECT_EQ(x.operators[o].custom_code, y.operators[o].custom_code);
      EXPECT_EQ(x.operators[o].inputs, y.operators[o].inputs);
      EXPECT_EQ(x.operators[o].outputs, y.operators[o].outputs);
      EXPECT_EQ(x.operators[o].called_subgraphs,
                y.operators[o].called_subgraphs);
    }
  }
}

// Every tensor's constant data is byte-identical in the output, either in
// place or copied after the input (then 16-aligned).
void ExpectSameConstants(const std::vector<uint8_t>& input,
                         const std::vector<uint8_t>& output) {
  const fb::Model* a = fb::GetModel(input.data());
  const fb::Model* b = fb::GetModel(output.data());
  for (const fb::SubGraph* sg : *a->subgraphs()) {
    for (const fb::Tensor* t : *sg->tensors()) {
      const auto* x = a->buffers()->Get(t->buffer())->data();
      const auto* y = b->buffers()->Get(t->buffer())->data();
      if (!x || x->size() == 0) {
        EXPECT_TRUE(!y || y->size() == 0) << "buffer " << t->buffer();
        continue;
      }
      ASSERT_NE(y, nullptr) << "buffer " << t->buffer();
      ASSERT_EQ(x->size(), y->size()) << "buffer " << t->buffer();
      EXPECT_EQ(std::memcmp(x->data(), y->data(), x->size()), 0);
      const size_t at = static_cast<size_t>(y->data() - output.data());
      if (at >= input.size()) {
        EXPECT_EQ(at % 16, 0u) << "copied buffer " << t->buffer();
      } else {
        EXPECT_EQ(at, static_cast<size_t>(x->data() - input.data()));
      }
    }
  }
}

// Writes the offline .tflite for `plan` and checks it every way.
OfflineTflite CheckRoundTrip(const std::vector<uint8_t>& input,
                             const ModelPlan& plan) {
  const OfflineTflite out = AddOfflinePlan(
      input, OfflineOffsets(plan),
      static_cast<int32_t>(plan.model.subgraphs.size()), plan.label);
  ExpectAppendOnly(input, out);
  const Model back = ReadModel(out.bytes.data(), out.bytes.size(), "back");
  const Model original = ReadModel(input.data(), input.size(), "original");
  ExpectSameModel(original, back);
  ExpectSameConstants(input, out.bytes);
  const std::vector<int32_t> words = MetadataWords(out.bytes);
  EXPECT_EQ(words[1], static_cast<int32_t>(plan.model.subgraphs.size()));
  EXPECT_EQ(words[2], static_cast<int32_t>(original.TensorCount()));
  EXPECT_EQ(std::vector<int32_t>(words.begin() + 3, words.end()),
            OfflineOffsets(plan));
  const BufferList list = DeriveBufferList(back, "back");
  EXPECT_EQ(list.tensor_count, plan.list.tensor_count);
  for (size_t i = 0; i < list.tensor_count; ++i) {
    EXPECT_EQ(list.buffers[i].pinned_offset, plan.solve.plan.offsets[i]) << i;
    EXPECT_EQ(list.buffers[i].size, plan.list.buffers[i].size) << i;
    EXPECT_EQ(list.buffers[i].first, plan.list.buffers[i].first) << i;
    EXPECT_EQ(list.buffers[i].last, plan.list.buffers[i].last) << i;
  }
  EXPECT_GE(CheckOfflineTflite(out.bytes, plan), plan.solve.lower_bound);
  return out;
}

TEST(OfflineTflite, ExampleIsAppendOnlyAndReadsBack) {
  const std::vector<uint8_t> input = ExampleModel();
  const ModelPlan plan = testing::PlanBytes(input, "example");
  const OfflineTflite out = CheckRoundTrip(input, plan);
  // The example has no unused buffer: every Buffer is copied.
  EXPECT_GT(out.copied_bytes, 0u);
  EXPECT_EQ(CheckOfflineTflite(out.bytes, plan), plan.solve.height);
}

TEST(OfflineTflite, ReusesTheBufferOfExistingMetadata) {
  ModelSpec spec = ExampleModelSpec();
  size_t tensors = 0;
  for (const SubgraphSpec& sg : spec.subgraphs) tensors += sg.tensors.size();
  spec.offline_offsets = std::vector<int32_t>(tensors, -1);
  const std::vector<uint8_t> input = BuildModel(spec);
  const ModelPlan plan = testing::PlanBytes(input, "with metadata");
  const OfflineTflite out = CheckRoundTrip(input, plan);
  EXPECT_EQ(out.copied_bytes, 0u);
  EXPECT_EQ(out.patched.size(), 1u) << "only the Buffer slot is re-pointed";
  EXPECT_EQ(fb::GetModel(out.bytes.data())->metadata()->size(), 1u);
}

TEST(OfflineTflite, ReplacesPinnedPlanOfItsOwn) {
  // A model pinned by its own metadata keeps the pins it has.
  ModelSpec spec = ExampleModelSpec();
  size_t tensors = 0;
  for (const SubgraphSpec& sg : spec.subgraphs) tensors += sg.tensors.size();
  spec.offline_offsets = std::vector<int32_t>(tensors, -1);
  (*spec.offline_offsets)[0] = 65536;  // the image, pinned high
  const std::vector<uint8_t> input = BuildModel(spec);
  const ModelPlan plan = testing::PlanBytes(input, "pinned");
  ASSERT_EQ(plan.solve.plan.offsets[0], 65536);
  CheckRoundTrip(input, plan);
}

TEST(OfflineTflite, GoldenExample) {
  const std::string dir = testing::TempDir("offline_golden");
  const auto r = testing::RunCli(
      {"plan", "--example", "--tflite", dir + "/example.tflite"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<uint8_t> got = ReadBytes(dir + "/example.tflite");
  const std::vector<int32_t> words = MetadataWords(got);
  std::string words_text;
  for (int32_t w : words) words_text += std::to_string(w) + "\n";
  const std::string words_golden =
      testing::GoldenPath("example_offline_metadata.txt");
  if (std::getenv("ARENAPLAN_REGENERATE_GOLDEN")) {
    testing::WriteText(words_golden, words_text);
  }
  EXPECT_EQ(words_text, testing::ReadText(words_golden))
      << "OfflineMemoryAllocation words changed; if intended, regenerate as "
         "the comment at the top of this file says";
  EXPECT_TRUE(got == ReadBytes(testing::GoldenPath("example_offline.tflite")))
      << "offline .tflite bytes changed; if intended, regenerate: "
         "build/arenaplan plan --example --tflite "
         "tests/emit/golden/example_offline.tflite";
}

class CorpusOffline : public ::testing::TestWithParam<const char*> {};

TEST_P(CorpusOffline, AppendOnlyAndReadsBack) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string path =
      testing::SharedDir() + "/corpus/models/" + GetParam() + ".tflite";
  const std::vector<uint8_t> input = ReadFileBytes(path);
  Model model = ReadModel(input.data(), input.size(), path);
  BufferList list = DeriveBufferList(model, path);
  std::string trace = GetParam();
  trace.replace(trace.find('/'), 1, "__");
  const std::string recording =
      testing::SharedDir() + "/corpus/tflm-traces/" + trace + ".csv";
  if (testing::FileExists(recording)) {
    ApplyRecording(model, ParseRecording(CsvTable::ReadFile(recording)),
                   recording, list);
  }
  SolveOptions options;
  options.time_limit_seconds = 1;
  const ModelPlan plan =
      PlanModel(std::move(model), std::move(list), path, options);
  CheckRoundTrip(input, plan);
}

INSTANTIATE_TEST_SUITE_P(
    Models, CorpusOffline,
    ::testing::Values("tflite-micro/person_detect",
                      "tflite-micro/keyword_scrambled",
                      "mlcommons-tiny/vww_96_int8",
                      "tflite-micro/hello_world_int8",
                      "litert/multi_subgraphs_while",
                      "tflite-micro/mobilenet_v2_quantized_1x3x224x224"),
    [](const auto& info) {
      std::string name = info.param;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace arenaplan
