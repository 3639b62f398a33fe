// Fuzzes vendor payloads: each input is imported as an event-ticket, Airship and Passcreator
// payload against a model that maps payload names (eventticket.pass) and one with localisations
// and a time zone (passcreator.pass); what imports is resolved and validated (Model::Resolve), and
// its diagnostics are pointed back into the payload.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fixture_model.h"
#include "pkpass/import.h"
#include "pkpass/model.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pkpass::Model tickets = FixtureModelOrDie("eventticket.pass");
  static const pkpass::Model localized = FixtureModelOrDie("passcreator.pass");
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
