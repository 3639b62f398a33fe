// Fuzzes vendor payloads: each input is imported as an event-ticket, Airship and Passcreator
// payload against a model that maps payload names (eventticket.pass) and one with localisations
// and a time zone (passcreator.pass); what imports is resolved and validated (Model::Resolve), and
// its diagnostics are pointed back into the payload. It is also read as an event-ticket pass
// template, as a new model and as an update of the model the fixture template makes.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

#include "fixture_model.h"
#include "pkpass/image_store.h"
#include "pkpass/import.h"
#include "pkpass/model.h"

namespace {

std::string FixtureFile(const char* path) {
  std::ifstream in(std::string(PKPASS_SOURCE_DIR "/fixtures/") + path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The template's image URLs and icon, answered from the fixtures.
struct TemplateSetting {
  TemplateSetting() {
    urls.Add("https://fake-content-url.com/event-logo.png", FixtureFile("images/logo-wide.png"));
    urls.Add("https://fake-content-url.com/strip-image.png", FixtureFile("images/strip-blue.png"));
    options.pass_type_identifier = "pass.dev.pkpass.sample";
    options.team_identifier = "DEVTEAM001";
    options.image_fetcher = &urls;
    options.files["icon.png"] = FixtureFile("models/coffee.pass/icon.png");
    pkpass::Diagnostics diags;
    pkpass::Result<std::map<std::string, std::string>> made = pkpass::ImportTemplate(
        pkpass::PayloadFormat::kEventTicket, FixtureFile("templates/eventticket-create-valid.json"), {}, options, diags);
    if (!made.ok()) std::abort();
    model = std::move(*made);
  }
  pkpass::MemoryImageFetcher urls;
  pkpass::TemplateOptions options;
  std::map<std::string, std::string> model;  // the fixture template's model
};

}  // namespace

static const std::map<std::string, std::string> kNoModel;

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
      pkpass::Result<pkpass::ParsedOverrides> overrides = pkpass::ParsedOverrides::Parse(imported->overrides(), diags);
      if (overrides.ok()) (void)model->Resolve(*overrides, {}, diags);
      imported->PointIntoPayload(diags);
    }
  }
  static const TemplateSetting setting;
  for (const std::map<std::string, std::string>* files : {&kNoModel, &setting.model}) {
    pkpass::Diagnostics diags;
    (void)pkpass::ImportTemplate(pkpass::PayloadFormat::kEventTicket, payload, *files, setting.options, diags);
  }
  return 0;
}
