#include "pkpass/import.h"

#include <algorithm>

#include "import/importers.h"
#include "import/native_builder.h"
#include "internals.h"
#include "overrides/overrides.h"
#include "overrides/parsed_overrides.h"
#include "pkpass/diagnostic_codes.h"

namespace pkpass {

std::optional<PayloadFormat> PayloadFormatNamed(std::string_view name) {
  if (name == "pass2u") return PayloadFormat::kPass2u;
  if (name == "eventticket") return PayloadFormat::kEventTicket;
  if (name == "airship") return PayloadFormat::kAirship;
  if (name == "passcreator") return PayloadFormat::kPasscreator;
  return std::nullopt;
}

void ImportedPayload::InVendorTerms(Diagnostic& d) const {
  // The checker's messages begin with what the value is ("expirationDate has no time zone: ...").
  auto what = [&d](std::string_view from) {
    const size_t end = d.message.find(from);
    return end == std::string::npos ? std::string("the date") : d.message.substr(0, end);
  };
  if (d.code == codes::kDateTimezoneMissing && !dates_.zone.empty()) {
    d.message = what(" has no time zone") + " has no time zone: " + dates_.zone;
  } else if (d.code == codes::kDateInvalid && !dates_.form.empty()) {
    d.message = what(" must be a date") + " must be a date written " + dates_.form;
  }
}

Result<ParsedOverrides> ImportedPayload::Parse(Diagnostics& diags) const {
  if (document_ == nullptr) return ParsedOverrides::Parse(overrides_, diags);
  auto copy = std::make_unique<ParsedOverrides::Impl>();
  copy->doc.CopyFrom(document_->doc, copy->doc.GetAllocator());
  return Internals::MakeParsedOverrides(std::move(copy));
}

void ImportedPayload::PointIntoPayload(Diagnostics& diags) const {
  if (origins_.empty()) return;
  Diagnostics moved;
  for (Diagnostic d : diags) {
    if (d.file == kOverridesFile) {
      // The longest native pointer that is d.pointer or a parent of it.
      std::string_view native = d.pointer;
      while (true) {
        auto it = std::lower_bound(origins_.begin(), origins_.end(), native,
                                   [](const auto& origin, std::string_view p) { return origin.first < p; });
        if (it != origins_.end() && it->first == native) {
          const std::string rest = d.pointer.substr(native.size());
          d.pointer = it->second.payload_pointer + (it->second.copied ? rest : "");
          if (!it->second.file.empty()) d.file = it->second.file;
          InVendorTerms(d);
          break;
        }
        if (native.empty()) break;
        native = native.substr(0, native.rfind('/'));
      }
    }
    moved.Add(std::move(d));
  }
  diags = std::move(moved);
}

Result<ImportedPayload> ImportPayload(PayloadFormat format, std::string_view payload,
                                      const Model* model, Diagnostics& diags) {
  rapidjson::Document doc;
  if (!ParseOverrides(payload, doc, diags)) {
    return Status::InvalidPass("the payload is not a JSON object");
  }
  if (format == PayloadFormat::kPass2u) return ImportedPayload(WriteJson(doc), {});
  const Model::Impl* impl = model != nullptr ? &Internals::Get(*model) : nullptr;
  NativeBuilder out(impl, format == PayloadFormat::kEventTicket ? "eventticket"
                          : format == PayloadFormat::kAirship   ? "airship"
                                                                : "passcreator",
                    diags);
  switch (format) {
    case PayloadFormat::kEventTicket: ImportEventTicket(doc, out); break;
    case PayloadFormat::kAirship: ImportAirship(doc, out); break;
    case PayloadFormat::kPasscreator: ImportPasscreator(doc, out); break;
    case PayloadFormat::kPass2u: break;
  }
  return out.Finish();
}

}  // namespace pkpass
