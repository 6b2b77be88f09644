// The device arena beside the plan picture: for one route, the arena to
// declare drawn to scale as two columns, the state after AllocateTensors
// (head at the bottom, the persistent tail at the top, split by category)
// and the state at the planning peak (head, temporaries, tail).
#pragma once

#include <ostream>

#include "arena/arena_size.h"

namespace arenaplan {

constexpr double kDeviceArenaPanelWidth = 440;

// Draws the panel with its top-left corner at (x, top), `height` tall, for
// the header route (else the first route computed).
void DeviceArenaPanel(std::ostream& out, double x, double top, double height,
                      const ArenaRequirement& arena);

}  // namespace arenaplan
