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

// Returns the image type a payload's name gives by URL, "<type><suffix>" ("strip-image",
// "thumbnail_image"), for the types a pass shows at the top level (icon, logo, strip, thumbnail,
// background, footer); "" for any other name.
std::string_view UrlImageType(std::string_view name, std::string_view suffix);

// Returns `text` as a hexadecimal colour "#rrggbb" ("#rgb", with or without "#", any case), or
// "" when it is not one.
std::string HexColor(std::string_view text);

}  // namespace pkpass

#endif  // PKPASS_IMPORT_IMPORTERS_H_
