// arenaplan_add_plan as a firmware team uses it: the example firmware
// (examples/firmware) is configured and built against `cmake --install` of
// this build; the plan is made by the build, made again when the model or
// the recording changes, and a bad model fails the build with arenaplan's
// one-line error.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "model/builtin_ops.h"
#include "model/example_model.h"
#include "model/model_builder.h"
#include "test_support.h"

namespace arenaplan {
namespace {

const std::string kSource = ARENAPLAN_SOURCE_DIR;

int RunShell(const std::string& command, const std::string& log) {
  return std::system((command + " > " + log + " 2>&1").c_str());
}

bool HaveProgram(const std::string& program) {
  return RunShell("command -v " + program, "/dev/null") == 0;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Installs this build into dir/prefix once per test.
std::string Install(const std::string& dir) {
  const std::string prefix = dir + "/prefix";
  const std::string log = dir + "/install.log";
  EXPECT_EQ(RunShell("cmake --install " + std::string(ARENAPLAN_BINARY_DIR) +
                         " --prefix " + prefix,
                     log),
            0)
      << testing::ReadText(log);
  return prefix;
}

// Configures examples/firmware in dir/build; `extra` adds -D options.
void Configure(const std::string& dir, const std::string& prefix,
               const std::string& model, const std::string& extra) {
  const std::string log = dir + "/configure.log";
  ASSERT_EQ(RunShell("cmake -S " + kSource + "/examples/firmware -B " + dir +
                         "/build -DCMAKE_PREFIX_PATH=" + prefix + " -DMODEL=" +
                         model + " -DTFLM_INCLUDE_DIR=" + kSource +
                         "/tests/runtime/tflm_stand_in " + extra,
                     log),
            0)
      << testing::ReadText(log);
}

// Builds; returns the exit status, the log in `output`.
int Build(const std::string& dir, std::string* output) {
  const std::string log = dir + "/build.log";
  const int status = RunShell("cmake --build " + dir + "/build", log);
  *output = testing::ReadText(log);
  return status;
}

std::string Header(const std::string& dir) {
  return dir + "/build/arenaplan/firmware/model_plan.h";
}

// in -> RELU -> out, `elements` float32 each.
std::vector<uint8_t> ReluModel(int32_t elements) {
  SubgraphSpec g;
  for (const char* name : {"in", "out"}) {
    TensorSpec t;
    t.name = name;
    t.shape = {1, elements};
    t.type = tensor_type::kFloat32;
    g.tensors.push_back(t);
  }
  g.inputs = {0};
  g.outputs = {1};
  g.ops = {MakeOp(op::kRelu, {0}, {1})};
  return BuildModel(MakeModel({g}));
}

TEST(BuildIntegration, ModelOrRecordingChangeRemakesThePlanBadModelFails) {
  const std::string dir = testing::TempDir("firmware_host");
  const std::string prefix = Install(dir);
  const std::string model = dir + "/model.tflite";
  const std::string recording = dir + "/rec.csv";
  testing::WriteFile(model, ExampleModel());
  // The example's buffer list is what TFLM records for it (no scratch).
  const auto buffers = testing::RunCli({"buffers", model});
  ASSERT_EQ(buffers.exit_code, 0) << buffers.err;
  testing::WriteText(recording, buffers.out);
  Configure(dir, prefix, model, "-DRECORDED=" + recording);

  std::string log;
  ASSERT_EQ(Build(dir, &log), 0) << log;
  EXPECT_TRUE(Contains(log, "arenaplan: planning " + model)) << log;
  EXPECT_TRUE(Contains(testing::ReadText(Header(dir)),
                       "constexpr size_t kHeadBytes = 8192;"));
  // The host build of the firmware runs.
  ASSERT_EQ(RunShell(dir + "/build/firmware", dir + "/run.log"), 0);
  EXPECT_TRUE(Contains(testing::ReadText(dir + "/run.log"),
                       "model_plan: 16 buffers, head 8192 bytes"))
      << testing::ReadText(dir + "/run.log");

  // Nothing changed: the plan is not made again.
  ASSERT_EQ(Build(dir, &log), 0) << log;
  EXPECT_FALSE(Contains(log, "arenaplan: planning")) << log;

  // The recording gains a scratch buffer: made again, 17 buffers.
  testing::WriteText(recording, buffers.out + "16,3,5,512,scratch,-1,0,s0\n");
  ASSERT_EQ(Build(dir, &log), 0) << log;
  EXPECT_TRUE(Contains(log, "arenaplan: planning")) << log;
  EXPECT_TRUE(Contains(testing::ReadText(Header(dir)),
                       "constexpr int kBufferCount = 17;"));

  // Another model: made again, and the recording of the old one refused.
  testing::WriteFile(model, ReluModel(64));
  ASSERT_NE(Build(dir, &log), 0) << log;
  EXPECT_TRUE(Contains(log, "arenaplan: " + recording + ": ")) << log;

  // Without the recording the new model plans: 2 buffers of 256 bytes.
  Configure(dir, prefix, model, "-DRECORDED=");
  ASSERT_EQ(Build(dir, &log), 0) << log;
  EXPECT_TRUE(Contains(testing::ReadText(Header(dir)),
                       "constexpr size_t kHeadBytes = 512;"));

  // A corrupt model fails the build with arenaplan's one line, and leaves
  // no header.
  std::vector<uint8_t> corrupt = ReluModel(64);
  corrupt.resize(corrupt.size() / 2);
  testing::WriteFile(model, corrupt);
  ASSERT_NE(Build(dir, &log), 0) << log;
  EXPECT_TRUE(Contains(log, "arenaplan: " + model +
                                ": flatbuffer verification failed (corrupt "
                                "or truncated file)\n"))
      << log;
  EXPECT_FALSE(testing::FileExists(Header(dir)));
}

TEST(BuildIntegration, CortexM4FirmwareWithArmNoneEabi) {
  if (!HaveProgram("arm-none-eabi-g++")) {
    GTEST_SKIP() << "arm-none-eabi-g++ not installed: skipping the Cortex-M4 "
                    "firmware build (apt install gcc-arm-none-eabi "
                    "libnewlib-arm-none-eabi)";
  }
  const std::string dir = testing::TempDir("firmware_m4");
  const std::string prefix = Install(dir);
  const std::string model = dir + "/model.tflite";
  testing::WriteFile(model, ExampleModel());
  Configure(dir, prefix, model,
            "-DCMAKE_TOOLCHAIN_FILE=" + kSource +
                "/examples/firmware/cortex-m4.cmake -DKERNELS=cmsis-nn "
                "-DINPLACE=elementwise");
  std::string log;
  ASSERT_EQ(Build(dir, &log), 0) << log;
  const std::string header = testing::ReadText(Header(dir));
  EXPECT_TRUE(Contains(header, "constexpr size_t kHeadBytes = 6144;"))
      << "--inplace elementwise reached the CLI";
  // CMSIS-NN's CONV_2D requests a scratch buffer for the stem.
  EXPECT_TRUE(Contains(header, "constexpr int kBufferCount = 17;"))
      << "--kernels cmsis-nn reached the CLI";
  // An Arm ELF.
  ASSERT_EQ(RunShell("arm-none-eabi-readelf -h " + dir + "/build/firmware",
                     dir + "/elf.txt"),
            0);
  EXPECT_TRUE(Contains(testing::ReadText(dir + "/elf.txt"), "ARM"));
  if (!HaveProgram("qemu-system-arm")) {
    GTEST_SKIP() << "qemu-system-arm not installed: built, not run";
  }
  ASSERT_EQ(RunShell("timeout 60 qemu-system-arm -M mps2-an386 -nographic "
                     "-monitor none -serial none -semihosting -kernel " +
                         dir + "/build/firmware",
                     dir + "/qemu.txt"),
            0)
      << testing::ReadText(dir + "/qemu.txt");
  EXPECT_TRUE(Contains(testing::ReadText(dir + "/qemu.txt"),
                       "model_plan: 17 buffers, head 6144 bytes"))
      << testing::ReadText(dir + "/qemu.txt");
}

}  // namespace
}  // namespace arenaplan
