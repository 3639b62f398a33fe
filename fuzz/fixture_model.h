// The harnesses' models: fixtures/models/NAME, loaded once; a fixture that does not load is a
// broken harness, not a finding, so it aborts at once.
#ifndef PKPASS_FUZZ_FIXTURE_MODEL_H_
#define PKPASS_FUZZ_FIXTURE_MODEL_H_

#include <cstdlib>
#include <string>

#include "pkpass/model.h"

inline pkpass::Model FixtureModelOrDie(const char* name) {
  pkpass::Diagnostics diags;
  pkpass::Result<pkpass::Model> model =
      pkpass::Model::Load(std::string(PKPASS_SOURCE_DIR "/fixtures/models/") + name, diags);
  if (!model.ok()) std::abort();
  return *std::move(model);
}

#endif  // PKPASS_FUZZ_FIXTURE_MODEL_H_
