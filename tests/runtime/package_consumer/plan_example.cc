// Plans the built-in example with the installed library; prints the arena.
#include <iostream>

#include "model/example_model.h"
#include "model/model_reader.h"
#include "plan/model_plan.h"

int main() {
  const std::vector<uint8_t> bytes = arenaplan::ExampleModel();
  arenaplan::Model model =
      arenaplan::ReadModel(bytes.data(), bytes.size(), "example");
  arenaplan::BufferList list = arenaplan::DeriveBufferList(model, "example");
  const arenaplan::ModelPlan plan = arenaplan::PlanModel(
      std::move(model), std::move(list), "example", arenaplan::SolveOptions{});
  std::cout << plan.solve.height << "\n";
}
