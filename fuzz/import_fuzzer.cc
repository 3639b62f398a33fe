// Fuzzes vendor payloads: each input is imported as an event-ticket, Airship and Passcreator
// payload against a model that maps payload names (eventticket.pass) and one with localisations
// and a time zone (passcreator.pass); what imports is resolved and validated (Model::Resolve), and
// its diagnostics are pointed back into the payload.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pkpass/import.h"
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
  static const pkpass::Model tickets = LoadOrDie("eventticket.pass");
  static const pkpass::Model localized = LoadOrDie("passcreator.pass");
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  for (pkpass::PayloadFormat format : {pkpass::PayloadFormat::kEventTicket, pkpass::PayloadFormat::kAirship,
                                       pkpass::PayloadFormat::kPasscreator}) {
    for (const pkpass::Model* model : {&tickets, &localized}) {
      pkpass::Diagnostics diags;
      pkpass::Result<pkpass::ImportedPayload> imported = pkpass::ImportPayload(format, payload, model, diags);
      if (!imported.ok()) continue;
      (void)model->Resolve(imported->overrides(), {}, diags);
      imported->PointIntoPayload(diags);
    }
  }
  return 0;
}
