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

// Returns `text` as a hexadecimal colour "#rrggbb" ("#rgb", with or without "#", any case), or
// "" when it is not one.
std::string HexColor(std::string_view text);

}  // namespace pkpass

#endif  // PKPASS_IMPORT_IMPORTERS_H_
