// Fuzzes one pass's overrides: parsing, resolution against a model, and validation of the result
// (Model::Resolve), on the coffee model (fields, images, localizations) and the member model
// (generated barcode values).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pkpass/model.h"

namespace {

pkpass::Model LoadOrDie(const char* name) {
  pkpass::Diagnostics diags;
  pkpass::Result<pkpass::Model> model =
      pkpass::Model::Load(std::string(PKPASS_SOURCE_DIR "/fixtures/models/") + name, diags);
  if (!model.ok()) std::abort();
  return *std::move(model);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pkpass::Model coffee = LoadOrDie("coffee.pass");
  static const pkpass::Model member = LoadOrDie("member.pass");
  const std::string_view overrides(reinterpret_cast<const char*>(data), size);
  for (const pkpass::Model* model : {&coffee, &member}) {
    pkpass::Diagnostics diags;
    (void)model->Resolve(overrides, {}, diags);
  }
  return 0;
}
