// Vendor payloads to native overrides (pkpass/import.h): each vendor's names, loose values and
// refusals, pointers back into the payload, and model.json's payloadFields.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "import/importers.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/import.h"
#include "pkpass/model.h"
#include "testing/matchers.h"
#include "testing/png.h"
#include "testing/resolved.h"

namespace pkpass {
namespace {

using testing::IsOk;

constexpr char kPassJson[] = R"({
  "formatVersion": 1, "passTypeIdentifier": "pass.dev.pkpass.sample", "teamIdentifier": "T",
  "serialNumber": "S-1", "organizationName": "Org", "description": "Ticket",
  "eventTicket": {
    "primaryFields": [{"key": "event", "label": "EVENT", "value": "Show"}],
    "secondaryFields": [{"key": "starts", "label": "STARTS", "value": "2026-01-01T20:00:00Z", "dateStyle": "PKDateStyleShort"}],
    "auxiliaryFields": [{"key": "gate", "label": "GATE", "value": ""},
                        {"key": "seat", "label": "SEAT", "value": 1, "numberStyle": "PKNumberStyleDecimal"},
                        {"key": "price", "label": "PRICE", "value": 0, "currencyCode": "EUR"}]
  },
  "barcodes": [{"format": "PKBarcodeFormatQR", "message": "S-1", "messageEncoding": "iso-8859-1"}]
})";

constexpr char kModelJson[] = R"({"newFieldAreas": ["backFields"],
  "payloadFields": {"eventticket": {"event-custom-value-1": "gate"}, "passcreator": {"seatNumber": "seat"}}})";

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::map<std::string, std::string> files = testing::IconFiles();
    files["pass.json"] = kPassJson;
    files["model.json"] = kModelJson;
    files["logo.png"] = testing::MakePng(160, 50);
    Diagnostics diags;
    Result<Model> model = Model::FromFiles(files, diags);
    ASSERT_THAT(model, IsOk()) << FormatText(diags);
    model_ = std::make_unique<Model>(*model);
  }

  // Returns the native overrides `payload` makes, or the errors that refused it; the warnings
  // are left in warnings_.
  std::string Import(PayloadFormat format, const std::string& payload, bool with_model = true) {
    diags_ = Diagnostics();
    Result<ImportedPayload> imported = ImportPayload(format, payload, with_model ? model_.get() : nullptr, diags_);
    warnings_.clear();
    for (const Diagnostic& d : diags_) {
      if (d.severity == Severity::kWarning) warnings_ += std::string(d.code) + " at " + d.pointer + "; ";
    }
    if (!imported.ok() || diags_.has_errors()) return testing::ErrorsOf(diags_);
    return imported->overrides();
  }

  // Returns the errors of building the pass `payload` makes, pointed into the payload.
  std::string Refusal(PayloadFormat format, const std::string& payload) {
    Diagnostics diags;
    Result<ImportedPayload> imported = ImportPayload(format, payload, model_.get(), diags);
    if (!imported.ok() || diags.has_errors()) return "import: " + testing::ErrorsOf(diags);
    Result<std::string> resolved = testing::ResolveJson(*model_, imported->overrides(), {}, diags);
    imported->PointIntoPayload(diags);
    return resolved.ok() ? "built" : testing::ErrorsOf(diags);
  }

  std::unique_ptr<Model> model_;
  Diagnostics diags_;
  std::string warnings_;
};

TEST_F(ImportTest, Pass2uIsTheNativeForm) {
  EXPECT_EQ(Import(PayloadFormat::kPass2u, R"({"serialNumber": "A", "fields": []})"),
            R"({"serialNumber":"A","fields":[]})");
  EXPECT_EQ(Import(PayloadFormat::kPass2u, "[1]"), "json-not-object at overrides:");
}

TEST(PayloadFormatTest, NamesTheFourFormats) {
  EXPECT_EQ(PayloadFormatNamed("pass2u"), PayloadFormat::kPass2u);
  EXPECT_EQ(PayloadFormatNamed("eventticket"), PayloadFormat::kEventTicket);
  EXPECT_EQ(PayloadFormatNamed("airship"), PayloadFormat::kAirship);
  EXPECT_EQ(PayloadFormatNamed("passcreator"), PayloadFormat::kPasscreator);
  EXPECT_EQ(PayloadFormatNamed("Airship"), std::nullopt);
}

TEST_F(ImportTest, EventTicketMapsItsNames) {
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"action": "GeneratePass", "pass-template-id": "t",
      "pass-id": "P-1", "pass-data": {"event-custom-value-1": "5", "seat": "12", "price": "86.5",
        "barcode-value": "B1", "barcode-text": "b-one", "disable-pass-sharing": "True",
        "pass-status": "redeemed"}})"),
            R"({"serialNumber":"P-1","fields":[{"key":"gate","value":"5"},{"key":"seat","value":12},)"
            R"({"key":"price","value":86.5}],"barcode":{"message":"B1","altText":"b-one"},)"
            R"("sharingProhibited":true,"voided":true})");
  EXPECT_EQ(warnings_, "");
  // "active" un-voids a pass.
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"action": "updatepassdata", "pass-id": "P-1",
      "pass-data": {"pass-status": "active"}})"),
            R"({"serialNumber":"P-1","voided":false})");
}

// new-pass-id would make Wallet hold a second pass beside the first: refused, with the way to
// re-issue a pass; it never changes the serial in silence (the seed's " Event ticket _2").
TEST_F(ImportTest, EventTicketNewPassIdIsRefused) {
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"action": "updatepassdata", "pass-id": "Event ticket_1",
      "new-pass-id": " Event ticket _2", "pass-data": {"pass-status": "active"}})"),
            "import-value-invalid at overrides:/new-pass-id");
  EXPECT_NE(diags_.begin()->message.find("generatepass"), std::string::npos) << diags_.begin()->message;
}

// Each of the API's local dates takes its own "-timezone" key, written as the date's own zone.
TEST_F(ImportTest, EventTicketDatesTakeTheirOwnZones) {
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"relevance-date-time": "11/22/2020 11:11 AM",
      "relevance-date-timezone": "Asia/Kolkata", "starts": "11/22/2020 2:01 PM", "starts-timezone": "Europe/Paris"}})"),
            R"({"relevantDate":"2020-11-22T11:11[Asia/Kolkata]","fields":[{"key":"starts","value":"2020-11-22T14:01[Europe/Paris]"}]})");
  EXPECT_EQ(warnings_, "");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"relevance-date-time": "11/22/2020 11:11 AM",
      "relevance-date-timezone": "Mars/Olympus"}})"),
            "date-zone-unknown at overrides:/pass-data/relevance-date-timezone");
  // Built: the instant is the zone's.
  Diagnostics diags;
  Result<ImportedPayload> imported = ImportPayload(PayloadFormat::kEventTicket, R"({"pass-id": "P-1", "pass-data": {
      "relevance-date-time": "11/22/2020 11:11 AM", "relevance-date-timezone": "Asia/Kolkata"}})", model_.get(), diags);
  ASSERT_THAT(imported, IsOk());
  Result<std::string> pass = testing::ResolveJson(*model_, imported->overrides(), {}, diags);
  ASSERT_THAT(pass, IsOk()) << FormatText(diags);
  EXPECT_NE(pass->find(R"("relevantDate":"2020-11-22T11:11:00+05:30")"), std::string::npos) << *pass;
}

// A date without a zone, or not in the API's form, is told in the API's terms.
TEST_F(ImportTest, DateProblemsAreToldInTheVendorsTerms) {
  EXPECT_EQ(Refusal(PayloadFormat::kEventTicket, R"({"pass-id": "P-1", "pass-data": {"relevance-date-time": "11/22/2020 11:11 AM"}})"),
            "date-timezone-missing at overrides:/pass-data/relevance-date-time");
  Diagnostics diags;
  Result<ImportedPayload> imported = ImportPayload(PayloadFormat::kPasscreator,
      R"({"data": {"userProvidedId": "P-1", "expirationDate": "31.12.2055"}})", model_.get(), diags);
  ASSERT_THAT(imported, IsOk());
  (void)testing::ResolveJson(*model_, imported->overrides(), {}, diags);
  imported->PointIntoPayload(diags);
  EXPECT_EQ(testing::ErrorsOf(diags), "date-invalid at overrides:/data/expirationDate");
  EXPECT_EQ(diags.begin()->message, "expirationDate must be a date written \"Y-m-d H:i\" in the pass's zone, such as "
                                    "\"2055-12-31 00:00\"");
  diags = Diagnostics();
  imported = ImportPayload(PayloadFormat::kPasscreator, R"({"data": {"userProvidedId": "P-1", "expirationDate": "2055-12-31 00:00"}})",
                           model_.get(), diags);
  (void)testing::ResolveJson(*model_, imported->overrides(), {}, diags);
  imported->PointIntoPayload(diags);
  EXPECT_EQ(testing::ErrorsOf(diags), "date-timezone-missing at overrides:/data/expirationDate");
  EXPECT_NE(diags.begin()->message.find("set \"timeZone\" in model.json"), std::string::npos) << diags.begin()->message;
}

// A numeric field's value that is no number is the payload's problem, reported there.
TEST_F(ImportTest, TextForANumericFieldIsReportedAtThePayload) {
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"price": "$10.00"}})"),
            "import-value-invalid at overrides:/pass-data/price");
  EXPECT_EQ(Import(PayloadFormat::kPasscreator, R"({"data": {"seatNumber": "twelve"}})"),
            "import-value-invalid at overrides:/data/seatNumber");
  // Airship sends numbers as strings; text on a number-styled field drops the style, as Airship does.
  EXPECT_EQ(Import(PayloadFormat::kAirship, R"({"fields": {"seat": {"value": "7"}, "price": {"value": "86.5"}}})"),
            R"({"fields":[{"key":"seat","value":7},{"key":"price","value":86.5}]})");
  EXPECT_EQ(Import(PayloadFormat::kAirship, R"({"fields": {"seat": {"value": "26E"}}})"),
            R"({"fields":[{"key":"seat","value":"26E","removeAttributes":["numberStyle"]}]})");
  EXPECT_EQ(Import(PayloadFormat::kAirship, R"({"fields": {"price": {"value": "$10"}}})"),
            "import-value-invalid at overrides:/fields/price/value");
}

TEST_F(ImportTest, EventTicketBarcodeTypeReplacesTheBarcodes) {
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"barcode-value": "X9", "barcode-type": "PDF417"}})"),
            R"({"barcode":{"message":"X9"},"barcodes":[{"format":"PKBarcodeFormatPDF417","message":"X9",)"
            R"("messageEncoding":"iso-8859-1"}]})");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"barcode-value": "X9", "barcode-type": "EAN13"}})"),
            "import-value-invalid at overrides:/pass-data/barcode-type");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"barcode-type": "QRCODE"}})"),
            "import-value-invalid at overrides:/pass-data/barcode-type");
}

TEST_F(ImportTest, EventTicketExpirationIsUtcWrittenInItsZone) {
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"expiration-timestamp": "2019-02-01T10:46:46+00:00",
      "expiration-timezone": "Australia/Sydney"}})"),
            R"({"expirationDate":"2019-02-01T21:46:46+11:00"})");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"expiration-timestamp": "2026-07-01T18:00:00",
      "expiration-timezone": "America/New_York"}})"),
            R"({"expirationDate":"2026-07-01T14:00:00-04:00"})");
  // The API ignores the offset and reads UTC: so does pkpass, and says so.
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"expiration-timestamp": "2013-02-19T15:54:50+05:00"}})"),
            R"({"expirationDate":"2013-02-19T15:54:50Z"})");
  EXPECT_EQ(warnings_, "import-offset-ignored at /pass-data/expiration-timestamp; ");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"expiration-timestamp": "2019-02-01T10:46:46Z",
      "expiration-timezone": "Mars/Olympus"}})"),
            "date-zone-unknown at overrides:/pass-data/expiration-timezone");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"expiration-timestamp": "02/01/2019 10:46 AM"}})"),
            "import-value-invalid at overrides:/pass-data/expiration-timestamp");
  // Valid stamps at the ends of the years a date may have: in a zone they would leave them.
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"expiration-timestamp": "0000-01-01T00:00:00Z",
      "expiration-timezone": "America/New_York"}})"),
            "import-value-invalid at overrides:/pass-data/expiration-timestamp");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"expiration-timestamp": "9999-12-31T23:00:00Z",
      "expiration-timezone": "Asia/Tokyo"}})"),
            "import-value-invalid at overrides:/pass-data/expiration-timestamp");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"expiration-timestamp": "9999-12-29T23:00:00Z",
      "expiration-timezone": "Asia/Tokyo"}})"),
            R"({"expirationDate":"9999-12-30T08:00:00+09:00"})");
}

// The API's template dates, "mm/dd/yyyy h:mm AM/PM", are local times the model's zone places.
TEST_F(ImportTest, EventTicketUsDatesAreLocalTimes) {
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"starts": "12/20/2026 2:00 PM",
      "relevance-date-time": "12/20/2026 12:05 am"}})"),
            R"({"fields":[{"key":"starts","value":"2026-12-20T14:00"}],"relevantDate":"2026-12-20T00:05"})");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"relevance-date-time": "13/20/2026 2:00 PM"}})"),
            "import-value-invalid at overrides:/pass-data/relevance-date-time");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"relevance-date-time": "12/20/2026 14:00 PM"}})"),
            "import-value-invalid at overrides:/pass-data/relevance-date-time");
  // Without a zone in the model or the payload the resolver refuses to guess.
  EXPECT_EQ(Refusal(PayloadFormat::kEventTicket, R"({"pass-data": {"starts": "12/20/2026 2:00 PM"}})"),
            "date-timezone-missing at overrides:/pass-data/starts");
}

TEST_F(ImportTest, EventTicketPlacesTakeStringsAndNumbers) {
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {
      "relevant-locations": [{"key": "relevant-1", "latitude": "42.369169", "longitude": -71.2, "relevant-text": "Hi"}],
      "ibeacons": [{"key": "ibeacon-1", "proximity-uuid": "E2C56DB5-DFFB-48D2-B060-D0F5A71096E0", "major": "2", "minor": 3}]}})"),
            R"({"locations":[{"latitude":42.369169,"longitude":-71.2,"relevantText":"Hi"}],)"
            R"("beacons":[{"proximityUUID":"E2C56DB5-DFFB-48D2-B060-D0F5A71096E0","major":2,"minor":3}]})");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {
      "relevant-locations": [{"latitude": "north", "longitude": "1", "altitude": "0x10", "where": 1}],
      "ibeacons": [{"major": "-1"}]}})"),
            "import-value-invalid at overrides:/pass-data/relevant-locations/0/latitude; "
            "import-value-invalid at overrides:/pass-data/relevant-locations/0/altitude; "
            "import-key-unknown at overrides:/pass-data/relevant-locations/0/where; "
            "import-value-invalid at overrides:/pass-data/ibeacons/0/major");
}

TEST_F(ImportTest, EventTicketLeavesOutWhatAPassCannotHold) {
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"priority": true, "reference-data": {"r": 1},
      "pass-data": {"additional-image": "https://x/a.png", "pass-update-notification": "new",
                    "autogenerate-barcode-values": true}, "pass-meta-data": {"user-email": "a@b.c"}})"),
            "{}");
  // The holder's details stay out of the pass file unless the model keeps them.
  EXPECT_EQ(warnings_, "import-key-ignored at /priority; import-key-ignored at /reference-data; "
                       "import-key-ignored at /pass-data/additional-image; "
                       "import-key-ignored at /pass-data/pass-update-notification; "
                       "import-key-ignored at /pass-data/autogenerate-barcode-values; "
                       "import-key-ignored at /pass-meta-data; ");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"action": "deletepass", "bogus": 1, "pass-data": {"pass-status": "lost", "x": [1]}})"),
            "import-value-invalid at overrides:/action; import-key-unknown at overrides:/bogus; "
            "import-value-invalid at overrides:/pass-data/pass-status; import-value-invalid at overrides:/pass-data/x");
}

TEST_F(ImportTest, UrlImagesKeepTheModelsOtherImages) {
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"strip-image": "https://x/s.png"}})"),
            R"({"images":[{"type":"icon"},{"type":"logo"},{"type":"strip","url":"https://x/s.png"}]})");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"logo-url": "https://x/l.png"}})"),
            R"({"images":[{"type":"icon"},{"type":"logo","url":"https://x/l.png"}]})");
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"strip-image": "https://x/s.png"}})", false),
            R"({"images":[{"type":"strip","url":"https://x/s.png"}]})");
  EXPECT_EQ(warnings_, "import-needs-model at /pass-data/strip-image; ");
}

TEST_F(ImportTest, ProblemsFoundLaterPointIntoThePayload) {
  EXPECT_EQ(Refusal(PayloadFormat::kEventTicket, R"({"pass-data": {"event-custom-value-1": 5, "nosuch": "x",
      "ibeacons": [{"proximity-uuid": "111111", "major": "222222"}]}})"),
            "field-unknown at overrides:/pass-data/nosuch; "
            "beacon-uuid-invalid at overrides:/pass-data/ibeacons/0/proximity-uuid; "
            "beacon-major-range at overrides:/pass-data/ibeacons/0/major");
  EXPECT_EQ(Refusal(PayloadFormat::kAirship, R"({"semantics": {"eventName": 3}, "fields": {"gate": {"value": []}}})"),
            "key-type at overrides:/semantics/eventName; "
            "override-type at overrides:/fields/gate/value");
  EXPECT_EQ(Refusal(PayloadFormat::kPasscreator, R"({"data": {"expirationDate": "2026-03-29 02:30", "userProvidedId": "P"}})"),
            "date-timezone-missing at overrides:/data/expirationDate");
}

TEST_F(ImportTest, AirshipHeadersAndFields) {
  EXPECT_EQ(Import(PayloadFormat::kAirship, R"j({"externalId": "E-1",
      "headers": {"expirationDate": {"value": "2024-08-20T9:41-08:00", "label": "voided"},
                  "barcode_value": {"value": "abc", "label": ""}, "logo_text": {"value": "Hi"},
                  "background_color": {"value": "rgb(0,147,201)"}, "suppress_strip_shine": {"value": "true"},
                  "logo_image": {"value": "https://x/l.png"}},
      "fields": {"seat": {"value": "26E", "changeMessage": "Seat %@", "order": 2},
                 "gate": {"value": "A1", "label": "Gate", "textAlignment": "textAlignmentRight", "order": 1},
                 "Merchant Website": {"value": "http://e.com", "fieldType": "BACK", "hideEmpty": false}}})j"),
            R"j({"serialNumber":"E-1","expirationDate":"2024-08-20T09:41-08:00","voided":true,"barcode":{"message":"abc"},)j"
            R"j("logoText":"Hi","backgroundColor":"rgb(0,147,201)","suppressStripShine":true,)j"
            R"j("fields":[{"key":"gate","value":"A1","label":"Gate","textAlignment":"PKTextAlignmentRight"},)j"
            R"j({"key":"seat","value":"26E","changeMessage":"Seat %@","removeAttributes":["numberStyle"]},)j"
            R"j({"key":"Merchant Website","value":"http://e.com","area":"backFields","hideEmpty":false}],)j"
            R"j("images":[{"type":"icon"},{"type":"logo","url":"https://x/l.png"}]})j");
  EXPECT_EQ(Import(PayloadFormat::kAirship, R"j({"headers": {"bogus": {"value": 1}, "barcode_type": {"value": "QR"}},
      "fields": {"gate": {"fieldType": "SIDEWAYS", "colour": 1}, "seat": {"value": 14}}, "nope": 1})j"),
            "import-key-unknown at overrides:/headers/bogus; "
            "import-value-invalid at overrides:/fields/gate/fieldType; "
            "import-key-unknown at overrides:/fields/gate/colour; "
            "import-key-unknown at overrides:/nope");
}

TEST_F(ImportTest, AirshipPlacesDropTheAddressBook) {
  EXPECT_EQ(Import(PayloadFormat::kAirship, R"({"locations": [{"longitude": "-122.374", "latitude": 37.618,
      "relevantText": "Hello", "streetAddress1": "1 Main", "city": "SF", "country": "US"}],
      "beacons": [{"uuid": "55502220-A123-A88A-F321-555A444B333C", "major": 2, "minor": "346"}]})"),
            R"({"locations":[{"longitude":-122.374,"latitude":37.618,"relevantText":"Hello"}],)"
            R"("beacons":[{"proximityUUID":"55502220-A123-A88A-F321-555A444B333C","major":2,"minor":346}]})");
}

TEST_F(ImportTest, PasscreatorData) {
  EXPECT_EQ(Import(PayloadFormat::kPasscreator, R"({"data": {"templateId": "t", "userProvidedId": "U-1",
      "barcodeValue": "123", "expirationDate": "2055-12-31 00:00", "relevantDate": "",
      "backgroundColor": "#0A0", "labelColor": "ff8800", "foregroundColor": "blue",
      "seatNumber": "7", "gate": "B", "voided": false, "bundleId": "family-1",
      "urlToLogo": "https://x/l.png", "localizedBackgroundImages": {"de": "https://x/de.png"},
      "locations": [{"latitude": 48.1, "longitude": 11.2, "relevantText": "Near",
                     "localizedRelevantText": {"de": "In der Nähe"}}]}})"),
            R"({"serialNumber":"U-1","barcode":{"message":"123"},"expirationDate":"2055-12-31 00:00","relevantDate":null,)"
            R"("backgroundColor":"#00aa00","labelColor":"#ff8800","fields":[{"key":"seat","value":7},{"key":"gate","value":"B"}],)"
            R"("voided":false,"bundleId":"family-1","localizations":{"de":{"images":[{"type":"background","url":"https://x/de.png"}],)"
            R"("strings":{"Near":"In der Nähe"}}},"locations":[{"latitude":48.1,"longitude":11.2,"relevantText":"Near"}],)"
            R"("images":[{"type":"icon"},{"type":"logo","url":"https://x/l.png"}]})");
  EXPECT_EQ(warnings_, "import-color-invalid at /data/foregroundColor; ");
  EXPECT_EQ(Import(PayloadFormat::kPasscreator, R"({"templateId": "t", "data": {"locations": [{"latitude": 1,
      "longitude": 2, "localizedRelevantText": {"en": "x"}}], "firstname": {"a": 1}}})"),
            "import-key-unknown at overrides:/templateId; "
            "import-value-invalid at overrides:/data/locations/0/localizedRelevantText; "
            "import-value-invalid at overrides:/data/firstname");
}

// One default text is one key of pass.strings: two locations that translate it differently are
// refused (both would show one translation); a language without a translation shows the default,
// written into its strings so that every localisation has the same keys.
TEST_F(ImportTest, PasscreatorTranslationsAreKeyedByTheDefaultText) {
  EXPECT_EQ(Import(PayloadFormat::kPasscreator, R"({"data": {"locations": [
      {"latitude": 1, "longitude": 2, "relevantText": "Near", "localizedRelevantText": {"es": "Cerca", "de": "Nah"}},
      {"latitude": 3, "longitude": 4, "relevantText": "Near", "localizedRelevantText": {"es": "Muy cerca"}}]}})"),
            "import-value-invalid at overrides:/data/locations/1/localizedRelevantText/es");
  EXPECT_EQ(Import(PayloadFormat::kPasscreator, R"({"data": {"locations": [
      {"latitude": 1, "longitude": 2, "relevantText": "Near", "localizedRelevantText": {"es": "Cerca", "de": "Nah"}},
      {"latitude": 3, "longitude": 4, "relevantText": "Far", "localizedRelevantText": {"es": "Lejos"}}]}})"),
            R"({"locations":[{"latitude":1,"longitude":2,"relevantText":"Near"},{"latitude":3,"longitude":4,"relevantText":"Far"}],)"
            R"("localizations":{"es":{"strings":{"Near":"Cerca","Far":"Lejos"}},"de":{"strings":{"Near":"Nah","Far":"Far"}}}})");
}

// Per-location maxDistance (documented by Passcreator) is the pass's: the largest.
TEST_F(ImportTest, PasscreatorMaxDistanceIsThePasss) {
  EXPECT_EQ(Import(PayloadFormat::kPasscreator, R"({"data": {"locations": [
      {"latitude": 1, "longitude": 2, "maxDistance": 100}, {"latitude": 3, "longitude": 4, "maxDistance": "250"}]}})"),
            R"({"locations":[{"latitude":1,"longitude":2},{"latitude":3,"longitude":4}],"maxDistance":250})");
  EXPECT_EQ(warnings_, "import-values-merged at /data/locations/1/maxDistance; ");
}

// groupingIdentifier is for event tickets and boarding passes; Passcreator ignores it on others.
TEST_F(ImportTest, PasscreatorGroupingIdentifierOnACouponIsIgnored) {
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = R"({"formatVersion": 1, "passTypeIdentifier": "pass.dev.pkpass.sample", "teamIdentifier": "T",
      "serialNumber": "S-1", "organizationName": "Org", "description": "Coupon", "coupon": {}})";
  Diagnostics diags;
  Result<Model> coupon = Model::FromFiles(files, diags);
  ASSERT_THAT(coupon, IsOk());
  Result<ImportedPayload> imported = ImportPayload(PayloadFormat::kPasscreator,
      R"({"data": {"userProvidedId": "C-1", "groupingIdentifier": "g"}})", &*coupon, diags);
  ASSERT_THAT(imported, IsOk());
  EXPECT_EQ(imported->overrides(), R"({"serialNumber":"C-1"})");
  EXPECT_EQ(testing::ErrorsOf(diags), "");
  Result<std::string> pass = testing::ResolveJson(*coupon, imported->overrides(), {}, diags);
  EXPECT_THAT(pass, IsOk()) << FormatText(diags);
  EXPECT_EQ(Import(PayloadFormat::kPasscreator, R"({"data": {"groupingIdentifier": "g"}})"), R"({"groupingIdentifier":"g"})");
}

// urlToBackground beside localizedBackgroundImages is the background of the languages without
// their own, never dropped in silence.
TEST_F(ImportTest, PasscreatorDefaultBackgroundGoesToTheOtherLanguages) {
  EXPECT_EQ(Import(PayloadFormat::kPasscreator, R"({"data": {"urlToBackground": "https://x/bg.png",
      "localizedBackgroundImages": {"es": "https://x/es.png"}, "locations": [{"latitude": 1, "longitude": 2,
      "relevantText": "Near", "localizedRelevantText": {"de": "Nah"}}]}})"),
            R"({"localizations":{"es":{"images":[{"type":"background","url":"https://x/es.png"}],"strings":{"Near":"Near"}},)"
            R"("de":{"strings":{"Near":"Nah"},"images":[{"type":"background","url":"https://x/bg.png"}]}},)"
            R"("locations":[{"latitude":1,"longitude":2,"relevantText":"Near"}]})");
  EXPECT_EQ(Import(PayloadFormat::kPasscreator, R"({"data": {"urlToBackground": "https://x/bg.png",
      "localizedBackgroundImages": {"es": "https://x/es.png"}}})"),
            R"({"localizations":{"es":{"images":[{"type":"background","url":"https://x/es.png"}]}}})");
  EXPECT_EQ(warnings_, "import-key-ignored at /data/urlToBackground; ");
}

// reference-data and pass-meta-data go into userInfo only when model.json lists them.
TEST_F(ImportTest, PersonalDataIsKeptOnlyWhenTheModelAsks) {
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = kPassJson;
  files["model.json"] = R"({"userInfoFromPayload": ["reference-data"]})";
  Diagnostics diags;
  Result<Model> model = Model::FromFiles(files, diags);
  ASSERT_THAT(model, IsOk()) << FormatText(diags);
  Result<ImportedPayload> imported = ImportPayload(PayloadFormat::kEventTicket,
      R"({"reference-data": {"r": 1}, "pass-meta-data": {"user-email": "a@b.c"}})", &*model, diags);
  ASSERT_THAT(imported, IsOk());
  EXPECT_EQ(imported->overrides(), R"({"userInfo":{"reference-data":{"r":1}}})");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.begin()->pointer, "/pass-meta-data");
}

TEST_F(ImportTest, TwoNamesForOneFieldAreRefused) {
  EXPECT_EQ(Import(PayloadFormat::kEventTicket, R"({"pass-data": {"event-custom-value-1": "5", "gate": "6"}})"),
            "field-key-duplicate at overrides:/pass-data/gate");
}

TEST(HexColorTest, ReadsTheFormsPasscreatorTakes) {
  EXPECT_EQ(HexColor("#A1b2C3"), "#a1b2c3");
  EXPECT_EQ(HexColor("a1b2c3"), "#a1b2c3");
  EXPECT_EQ(HexColor("#0a0"), "#00aa00");
  EXPECT_EQ(HexColor("#0a0a"), "");
  EXPECT_EQ(HexColor("rgb(1,2,3)"), "");
  EXPECT_EQ(HexColor(""), "");
}

TEST(PayloadFieldsTest, ModelJsonIsChecked) {
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = kPassJson;
  files["model.json"] = R"({"payloadFields": {"pass2u": {}, "airship": {"a": 3}, "passcreator": []}})";
  Diagnostics diags;
  EXPECT_FALSE(Model::FromFiles(files, diags).ok());
  EXPECT_EQ(testing::ErrorsOf(diags), "model-json-invalid at model.json:/payloadFields/pass2u; "
                                      "model-json-invalid at model.json:/payloadFields/airship/a; "
                                      "model-json-invalid at model.json:/payloadFields/passcreator");
}

}  // namespace
}  // namespace pkpass
