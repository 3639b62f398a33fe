// One importer per vendor: each reads its payload (a parsed JSON object) into a NativeBuilder.
#ifndef PKPASS_IMPORT_IMPORTERS_H_
#define PKPASS_IMPORT_IMPORTERS_H_

#include "import/native_builder.h"

namespace pkpass {

// The event-ticket API's generatepass / updatepassdata body (shared/seeds/002).
void ImportEventTicket(const rapidjson::Value& payload, NativeBuilder& out);
// Airship Wallet's create / update pass body (shared/seeds/003).
void ImportAirship(const rapidjson::Value& payload, NativeBuilder& out);
// Passcreator v3's create / update body, {"data": {...}} (shared/seeds/004).
void ImportPasscreator(const rapidjson::Value& payload, NativeBuilder& out);

// The event-ticket API's date `key` of `object`, written "mm/dd/yyyy h:mm AM/PM", as a local
// W3C date ("2020-11-22T14:01"), with its own zone in brackets when `object` names one by the
// API's "-timezone" keys ("event-start-time-timezone", "expiry-timezone"): the resolver places it
// there (resolve/local_dates.h), else in the model's zone. nullopt, reported at `at`/`key`, when
// the key is absent or not such a date, or its zone is unknown.
std::optional<std::string> EventTicketDate(const rapidjson::Value& object, std::string_view key,
                                           const JsonPointer& at, NativeBuilder& out);

// The key of `object` that names the zone of its date `key`, as the API spells them
// ("event-start-time-timezone", "doors-open-timezone", "expiry-timezone"); "" when none.
std::string EventTicketZoneKey(const rapidjson::Value& object, std::string_view key);

// The event-ticket API's "relevant-locations" or "ibeacons" (`name`), as the native array.
void ImportEventTicketPlaces(std::string_view name, const rapidjson::Value& list, const JsonPointer& at,
                             NativeBuilder& out);
// The event-ticket API's barcode-type (QRCODE, AZTEC, PDF417, CODE128) as a pass.json format; ""
// for another.
std::string_view EventTicketBarcodeFormat(std::string_view type);

// Returns the image type a payload's name gives by URL, "<type><suffix>" ("strip-image",
// "thumbnail_image"), for the types a pass shows at the top level (icon, logo, strip, thumbnail,
// background, footer); "" for any other name.
std::string_view UrlImageType(std::string_view name, std::string_view suffix);

// Returns `text` as a hexadecimal colour "#rrggbb" ("#rgb", with or without "#", any case), or
// "" when it is not one.
std::string HexColor(std::string_view text);

}  // namespace pkpass

#endif  // PKPASS_IMPORT_IMPORTERS_H_
