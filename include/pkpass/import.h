// Vendor payloads: the create and update bodies of the pass platforms pkpass's users come from,
// turned into native overrides (the Pass2U v2 form, README "Models and overrides"), so a payload
// written for one of those APIs builds here as it is.
//
//   eventticket  the event-ticket API's generatepass / updatepassdata body (shared/seeds/002)
//   airship      Airship Wallet's create / update pass body (shared/seeds/003)
//   passcreator  Passcreator v3's create / update body, {"data": {...}} (shared/seeds/004)
//   pass2u       the native form itself (shared/seeds/000, 001)
//
// An update body becomes a patch: apply it to the stored overrides with PatchOverrides.
#ifndef PKPASS_IMPORT_H_
#define PKPASS_IMPORT_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pkpass/diagnostic.h"
#include "pkpass/export.h"
#include "pkpass/image_store.h"
#include "pkpass/model.h"
#include "pkpass/overrides.h"
#include "pkpass/status.h"

namespace pkpass {

enum class PayloadFormat { kPass2u, kEventTicket, kAirship, kPasscreator };

// Returns the format named "pass2u", "eventticket", "airship" or "passcreator"; nullopt otherwise.
PKPASS_EXPORT std::optional<PayloadFormat> PayloadFormatNamed(std::string_view name);

// Native overrides made from one payload, with where each of their values came from.
class PKPASS_EXPORT ImportedPayload {
 public:
  // The native overrides: compact JSON, members in the order the payload gave them.
  const std::string& overrides() const { return overrides_; }

  // The native overrides, parsed: a copy of the document the import built, which is not parsed
  // again from overrides(). Each call gives a new copy to complete and build from.
  Result<ParsedOverrides> Parse(Diagnostics& diags) const;

  // Moves every diagnostic about the file "overrides" that points at a value this import made
  // so that it points at the payload's value it was made from: a problem found while building
  // is reported where the user wrote it. Other diagnostics are left as they are.
  void PointIntoPayload(Diagnostics& diags) const;

  struct Origin {
    std::string payload_pointer;
    bool copied = false;  // the value is the payload's, copied whole: deeper pointers carry over
    std::string file;     // when set, the payload is this file ("records.csv"), not "overrides"
  };
  // Native pointer -> origin, sorted by the native pointer.
  using Origins = std::vector<std::pair<std::string, Origin>>;

  // How the payload's vendor writes dates, for the messages of a date moved into the payload:
  // `form` ("\"Y-m-d H:i\", such as \"2055-12-31 00:00\"") replaces the ISO example of
  // date-invalid, `zone` (where that vendor's local dates take their zone from) the advice of
  // date-timezone-missing. Empty: the messages stay as they are.
  struct DateForm {
    std::string form;
    std::string zone;
  };

  ImportedPayload(std::string overrides, Origins origins, DateForm dates = {})
      : overrides_(std::move(overrides)), origins_(std::move(origins)), dates_(std::move(dates)) {}
  // As above, with the document `overrides` was written from, every string of it its own
  // (internal: the importers').
  ImportedPayload(std::string overrides, std::shared_ptr<const ParsedOverrides::Impl> document, Origins origins,
                  DateForm dates)
      : overrides_(std::move(overrides)), document_(std::move(document)), origins_(std::move(origins)),
        dates_(std::move(dates)) {}

 private:
  // Rewrites a date's message, moved into the payload, in the vendor's terms (DateForm).
  void InVendorTerms(Diagnostic& d) const;

  std::string overrides_;
  std::shared_ptr<const ParsedOverrides::Impl> document_;  // null: Parse parses overrides_
  Origins origins_;
  DateForm dates_;
};

// Turns `payload` into native overrides. `model`, when given, is the template the pass is built
// from: it supplies model.json's "payloadFields" (the payload's names for the model's fields),
// the areas and attributes of its fields, and its images (kept when a payload adds one by URL).
// Problems with the payload are diagnostics for the file "overrides" at pointers into the
// payload. A payload that is a JSON object always gives overrides, made of the values that could
// be read, so that a caller can build them and report the payload's errors with the build's in
// one report; whatever it does, an error among the diagnostics refuses the pass. kInvalidPass
// only when the payload is no JSON object within the overrides' limits. Thread-safe.
PKPASS_EXPORT Result<ImportedPayload> ImportPayload(PayloadFormat format, std::string_view payload,
                                                    const Model* model, Diagnostics& diags);

// An update body as a vendor's users write it (event-ticket updatepassdata, Airship's PUT,
// Passcreator's PATCH, Pass2U's PUT), as a native patch for PatchOverrides, and the pass it names
// by the vendor's own id, which is the pass's serialNumber here: "pass-id", "externalId",
// "data.userProvidedId", or "serialNumber" / Pass2U's "passId".
struct ImportedUpdate {
  std::optional<std::string> serial;  // nullopt when the body names no pass
  std::string patch;                  // native overrides
};

// Reads `body` as an update in `format` (with `model`'s payload names, when given). Problems are
// diagnostics for the file `file`, at pointers into the body; an error among them refuses the
// update. kInvalidPass when the body is no JSON object within the overrides' limits.
PKPASS_EXPORT Result<ImportedUpdate> ImportUpdate(PayloadFormat format, std::string_view body, const Model* model,
                                                  std::string_view file, Diagnostics& diags);

// What a model made from a vendor's template needs that the template does not say.
struct TemplateOptions {
  // The identity the passes are signed with (Model::Prepare checks them against the signer).
  std::string pass_type_identifier;
  std::string team_identifier;
  // Where the template's images by URL (logo, strip-image) are fetched from, at most 4 MiB each.
  // Not owned. Default: none (a template naming an image is refused).
  const ImageFetcher* image_fetcher = nullptr;
  // Files the model has beside what the template makes, by path ("icon.png": the API's templates
  // have no icon, which Wallet requires); they replace the model's.
  std::map<std::string, std::string> files;
};

// Returns a model's files made from the event-ticket API's CreatePassTemplate body
// (shared/seeds/002), or, given the files of a model (`model_files` not empty), those files
// changed by an UpdatePassTemplate body:
//   pass.json   an event ticket: the template's fields with their labels (the API's defaults
//               where it gives none) and defaults, the event's times as local dates in their own
//               zones ("-timezone" keys), expiry and relevance dates, colours, the barcode,
//               locations, beacons, linked apps and sharing; an update changes the fields it
//               names, by key, and the keys it gives
//   model.json  dynamicFields (the values each generatepass may give: ticket holder, the four
//               custom values, ticket type, number, confirmation number, face value), timeZone
//               (the event's) and barcodeValues (the autogenerate settings)
//   logo.png, strip.png   fetched by URL
// with TemplateOptions::files (icon.png: the API's templates have none, and Wallet requires one).
// What a pass cannot hold (Google Pay's fields, archive settings, expiry after install) is left
// out with a warning. The model is validated as a template (Model::Validate) before it is
// returned. Problems are diagnostics for the file "template" at pointers into the body (a problem
// of the model at a value the template gave points there); any error makes the result
// kInvalidPass. kInvalidArgument for a format other than
// kEventTicket (no other vendor documents its template API) or a model without pass.json.
PKPASS_EXPORT Result<std::map<std::string, std::string>> ImportTemplate(
    PayloadFormat format, std::string_view body, const std::map<std::string, std::string>& model_files,
    const TemplateOptions& options, Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_IMPORT_H_
