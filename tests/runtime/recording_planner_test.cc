// The recording planner prints TFLM's AddBuffer stream as the CSV that
// `--recorded` reads, and forwards every call to the planner it wraps.
#include "recording_planner.h"

#include <gtest/gtest.h>

#include <sstream>

#include "micro_printf_capture.h"
#include "model/buffer_list.h"
#include "model/example_model.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "problem/csv_table.h"
#include "stream_support.h"
#include "verifying_planner.h"

namespace arenaplan {
namespace {

// A stand-in for TFLM's greedy planner: stacks buffers one after another.
class StackingPlanner : public tflite::MicroMemoryPlanner {
 public:
  TfLiteStatus AddBuffer(int size, int, int) override {
    offsets_.push_back(end_);
    end_ += size;
    return kTfLiteOk;
  }
  TfLiteStatus AddBuffer(int size, int first, int last, int) override {
    return AddBuffer(size, first, last);
  }
  size_t GetMaximumMemorySize() override { return end_; }
  int GetBufferCount() override { return static_cast<int>(offsets_.size()); }
  TfLiteStatus GetOffsetForBuffer(int index, int* offset) override {
    *offset = offsets_.at(index);
    return kTfLiteOk;
  }
  bool preserves_all_tensors() const override { return true; }

 private:
  std::vector<int> offsets_;
  int end_ = 0;
};

TEST(RecordingPlanner, PrintsTheStreamAsRecordingCsv) {
  StackingPlanner inner;
  RecordingPlanner recorder(&inner);
  testing::PrintedLines().clear();
  ASSERT_EQ(recorder.AddBuffer(32, 0, 1), kTfLiteOk);
  ASSERT_EQ(recorder.AddBuffer(16, -1, 2, 64), kTfLiteOk);
  EXPECT_EQ(testing::PrintedText(),
            "id,lower,upper,size,offline_offset\n"
            "0,0,2,32,-1\n"
            "1,-1,3,16,64\n");
  // Forwarded.
  EXPECT_EQ(recorder.GetBufferCount(), 2);
  EXPECT_EQ(recorder.GetMaximumMemorySize(), 48u);
  int offset = 0;
  ASSERT_EQ(recorder.GetOffsetForBuffer(1, &offset), kTfLiteOk);
  EXPECT_EQ(offset, 32);
  EXPECT_TRUE(recorder.preserves_all_tensors());
  EXPECT_EQ(recorder.Init(nullptr, 0), kTfLiteOk);
}

TEST(RecordingPlanner, RecordingReadsBackWithScratch) {
  // TFLM's stream for the example: its tensors, then (as if a kernel
  // build requested them) two scratch buffers of ops 2 and 4.
  const std::vector<uint8_t> bytes = ExampleModel();
  const Model model = ReadModel(bytes.data(), bytes.size(), "example");
  BufferList list = DeriveBufferList(model, "example");
  StackingPlanner inner;
  RecordingPlanner recorder(&inner);
  testing::PrintedLines().clear();
  for (const ModelBuffer& b : list.buffers) {
    recorder.AddBuffer(static_cast<int>(b.size), b.first, b.last);
  }
  recorder.AddBuffer(256, 3, 3);
  recorder.AddBuffer(48, 5, 5);
  // Serial consoles add "\r\n" per MicroPrintf line.
  std::string text;
  for (const std::string& line : testing::PrintedLines()) text += line + "\r\n";
  std::istringstream in(text);
  const CsvTable table = CsvTable::Parse(in, "recorded");
  ApplyRecording(model, ParseRecording(table), "recorded", list);
  ASSERT_EQ(list.buffers.size(), list.tensor_count + 2);
  const ModelBuffer& scratch = list.buffers[list.tensor_count];
  EXPECT_EQ(scratch.kind, BufferKind::kScratch);
  EXPECT_EQ(scratch.size, 256);
  EXPECT_EQ(scratch.first, 3);
  EXPECT_EQ(scratch.last, 3);
  EXPECT_TRUE(list.scratch_recorded);
}

TEST(RecordingPlanner, WrapsTheVerifyingPlanner) {
  const testing::PlanWords words({0, 32});
  VerifyingPlanner verifying(
      words.plan(), testing::HostDigest({{32, 0, 1}, {16, 1, 2}}, {0, 32}));
  RecordingPlanner recorder(&verifying);
  ASSERT_EQ(recorder.AddBuffer(32, 0, 1), kTfLiteOk);
  ASSERT_EQ(recorder.AddBuffer(16, 1, 2), kTfLiteOk);
  int offset = 0;
  ASSERT_EQ(recorder.GetOffsetForBuffer(1, &offset), kTfLiteOk);
  EXPECT_EQ(offset, 32);
  EXPECT_EQ(recorder.GetMaximumMemorySize(), 48u);
}

}  // namespace
}  // namespace arenaplan
