// The HoGC case of ../shared/corpus/tflm-traces-esp-nn/README.md from the
// model alone. (Every row of every ESP-NN recording is checked by
// trace_scratch_test.cc, ScratchTraces.EspNn*.)
#include <gtest/gtest.h>

#include "kernels/derive_scratch.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using testing::SharedDir;

// The HoGC case (README, "The HoGC data point"): with esp-nn 1.2.3 an
// ESP32-S3 build requests 9952 bytes for its first CONV_2D (op 1, time
// step 2) and 352 for its second (op 3, step 4); a plain ESP32 and ANSI
// request none.
TEST(EspNnTraces, HoGC) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string path =
      SharedDir() + "/corpus/models/field/HoGC_model.tflite";
  const std::vector<uint8_t> bytes = ReadFileBytes(path);
  const Model model = ReadModel(bytes.data(), bytes.size(), path);
  for (const char* name : {"esp-nn-s3", "esp-nn", "esp-nn-ansi"}) {
    BufferList list = DeriveBufferList(model, path);
    KernelOptions options;
    options.library = *ParseKernelLibrary(name);
    AppendDerivedScratch(model, list, options, path);
    std::vector<int64_t> sizes;
    for (size_t i = list.tensor_count; i < list.buffers.size(); ++i) {
      sizes.push_back(list.buffers[i].size);
    }
    EXPECT_EQ(sizes, options.library == KernelLibrary::kEspNnS3
                         ? std::vector<int64_t>({9952, 352})
                         : std::vector<int64_t>{})
        << name;
  }
}

}  // namespace
}  // namespace arenaplan
