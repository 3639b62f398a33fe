// Fuzzes one pass's overrides: parsing, resolution against a model, and validation of the result
// (Model::Resolve), on the coffee model (fields, images, localizations) and the member model
// (generated barcode values).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fixture_model.h"
#include "pkpass/model.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pkpass::Model coffee = FixtureModelOrDie("coffee.pass");
  static const pkpass::Model member = FixtureModelOrDie("member.pass");
  const std::string_view overrides(reinterpret_cast<const char*>(data), size);
  for (const pkpass::Model* model : {&coffee, &member}) {
    pkpass::Diagnostics diags;
    pkpass::Result<pkpass::ParsedOverrides> parsed = pkpass::ParsedOverrides::Parse(overrides, diags);
    if (parsed.ok()) (void)model->Resolve(*parsed, {}, diags);
  }
  return 0;
}
