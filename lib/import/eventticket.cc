// The event-ticket API (shared/seeds/002): {"action", "pass-template-id", "pass-id",
// "reference-data", "pass-data": {...}, "pass-meta-data"}. pass-data's hyphenated names are the
// model's fields (through model.json's "payloadFields", else by key) but for the names below,
// which are the pass's own settings.
#include <cstdio>

#include "import/importers.h"
#include "import/places.h"
#include "pkpass/diagnostic_codes.h"
#include "schema/pass_fields.h"
#include "util/time_zone.h"
#include "util/w3c_date.h"

namespace pkpass {
namespace {

using Value = rapidjson::Value;

// Returns the API's "mm/dd/yyyy h:mm AM/PM" (its template dates, such as event-start-time) as a
// local W3C date "yyyy-mm-ddThh:mm", which the model's zone places; nullopt for another form.
std::optional<std::string> UsDateTime(std::string_view text) {
  int month = 0, day = 0, year = 0, hour = 0, minute = 0;
  char meridiem[3] = {};
  int used = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%2d/%2d/%4d %2d:%2d %2[AaPpMm]%n", &month, &day, &year, &hour,
                  &minute, meridiem, &used) != 6 ||
      used != static_cast<int>(copy.size()) || hour < 1 || hour > 12 || minute > 59) {
    return std::nullopt;
  }
  const char m = static_cast<char>(std::toupper(static_cast<unsigned char>(meridiem[0])));
  if (std::toupper(static_cast<unsigned char>(meridiem[1])) != 'M' || (m != 'A' && m != 'P')) return std::nullopt;
  hour = hour % 12 + (m == 'P' ? 12 : 0);
  char out[64];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d", year, month, day, hour, minute);
  if (CheckW3cDate(out) != DateCheck::kNoOffset) return std::nullopt;
  return std::string(out);
}

// The key naming the zone of the date key `key`, as the API spells them: "event-start-time" ->
// "event-start-time-timezone" or "event-start-timezone", "expiry-date" -> "expiry-timezone".
const Value* ZoneOf(const Value& object, std::string_view key, std::string* zone_key) {
  std::string candidates[2] = {std::string(key) + "-timezone", ""};
  for (std::string_view suffix : {"-time", "-date"}) {
    if (key.size() > suffix.size() && key.ends_with(suffix)) {
      candidates[1] = std::string(key.substr(0, key.size() - suffix.size())) + "-timezone";
    }
  }
  for (const std::string& name : candidates) {
    if (name.empty()) continue;
    if (const Value* zone = Member(object, name)) {
      *zone_key = name;
      return zone;
    }
  }
  return nullptr;
}

// Returns whether `name` (a member of `object`) is the zone key of one of its dates.
bool IsZoneKeyOfDate(const Value& object, std::string_view name) {
  if (!name.ends_with("-timezone")) return false;
  const std::string_view base = name.substr(0, name.size() - 9);
  for (const std::string& date : {std::string(base), std::string(base) + "-time", std::string(base) + "-date"}) {
    std::string zone_key;
    if (Member(object, date) != nullptr && ZoneOf(object, date, &zone_key) != nullptr && zone_key == name) return true;
  }
  return false;
}

// expiration-timestamp is UTC whatever its offset says (the API's rule); expiration-timezone
// names the zone it is written in.
void ImportExpiration(const Value& stamp, const Value* zone, const JsonPointer& at, NativeBuilder& out) {
  const JsonPointer stamp_at = at.Child("expiration-timestamp");
  std::optional<std::string_view> text = out.Text(stamp, stamp_at, "expiration-timestamp");
  if (!text) return;
  W3cDateParts parts;
  const DateCheck check = ParseW3cDate(*text, parts);
  if (check == DateCheck::kInvalid) {
    out.Error(codes::kImportValueInvalid, stamp_at,
              "expiration-timestamp must be an ISO 8601 date and time, such as 2013-02-19T15:54:50Z");
    return;
  }
  if (check == DateCheck::kValid && parts.offset_minutes != 0) {
    out.Warning(codes::kImportOffsetIgnored, stamp_at,
                "the event-ticket API reads expiration-timestamp as UTC and ignores its offset; so does pkpass");
  }
  const std::optional<int64_t> seconds =
      W3cDateSeconds(std::string(text->substr(0, parts.local_length)) + "Z");
  // A day inside the years 0001 to 9999 on either side, so that the instant is a date of those
  // years in any zone (offsets stay within a day).
  constexpr int64_t kFirst = -62135596800 + 86400, kLast = 253402300799 - 86400;
  if (!seconds || *seconds < kFirst || *seconds > kLast) {
    out.Error(codes::kImportValueInvalid, stamp_at,
              "expiration-timestamp must fall between 0001-01-02 and 9999-12-30, so that it is a date in any zone");
    return;
  }
  std::string date = std::string(text->substr(0, parts.local_length)) + "Z";
  if (zone != nullptr) {
    const JsonPointer zone_at = at.Child("expiration-timezone");
    std::optional<std::string_view> name = out.Text(*zone, zone_at, "expiration-timezone");
    if (!name) return;
    std::string error;
    std::optional<std::string> in_zone = W3cDateInZone(*name, seconds.value_or(0), error);
    if (!in_zone) {
      out.Error(codes::kDateZoneUnknown, zone_at, error + ": name one such as \"America/New_York\"");
      return;
    }
    date = std::move(*in_zone);
  }
  out.Set("expirationDate", out.String(date), stamp_at);
}

using Kind = PlaceKey::Kind;
constexpr PlaceKey kLocationKeys[] = {
    {"key", "", Kind::kDropped},  // "relevant-1": the API's own numbering
    {"latitude", "latitude", Kind::kNumber},
    {"longitude", "longitude", Kind::kNumber},
    {"altitude", "altitude", Kind::kNumber},
    {"relevant-text", "relevantText", Kind::kText},
};
constexpr PlaceKey kBeaconKeys[] = {
    {"key", "", Kind::kDropped},
    {"proximity-uuid", "proximityUUID", Kind::kText},
    {"major", "major", Kind::kInteger},
    {"minor", "minor", Kind::kInteger},
    {"relevant-text", "relevantText", Kind::kText},
};

// reference-data and pass-meta-data: the caller's records of the holder (e-mail, phone). A pass
// file is readable by whoever holds it, so they go into userInfo only when the model lists
// them in "userInfoFromPayload".
void PersonalData(std::string_view name, const Value& value, const JsonPointer& at, NativeBuilder& out) {
  if (out.model() != nullptr && out.model()->config.user_info_from_payload.count(name) > 0) {
    out.SetIn("userInfo", name, out.Copy(value), at, true);
    return;
  }
  out.Ignored(at, std::string(name) + " is the caller's record of the holder (such as an e-mail address or a "
                  "phone number), and a pass file is readable by whoever has it; list \"" + std::string(name) +
                  "\" in model.json's \"userInfoFromPayload\" to keep it in the pass's userInfo");
}

// barcode-type, with barcode-value (and barcode-text) beside it, as "barcodes".
void ImportBarcodeType(const Value& data, const Value& barcode_type, const JsonPointer& at, NativeBuilder& out) {
  const JsonPointer type_at = at.Child("barcode-type");
  std::optional<std::string_view> type = out.Text(barcode_type, type_at, "barcode-type");
  if (!type) return;
  const std::string_view format = EventTicketBarcodeFormat(*type);
  const Value* message = Member(data, "barcode-value");
  if (format.empty()) {
    out.Error(codes::kImportValueInvalid, type_at, "barcode-type is QRCODE, AZTEC, PDF417 or CODE128");
    return;
  }
  if (message == nullptr || !message->IsString()) {
    out.Error(codes::kImportValueInvalid, type_at, "barcode-type needs barcode-value beside it");
    return;
  }
  Value barcode(rapidjson::kObjectType);
  barcode.AddMember("format", out.String(format), out.alloc());
  barcode.AddMember("message", out.Copy(*message), out.alloc());
  barcode.AddMember("messageEncoding", "iso-8859-1", out.alloc());
  if (const Value* alt = Member(data, "barcode-text"); alt != nullptr && alt->IsString()) {
    barcode.AddMember("altText", out.Copy(*alt), out.alloc());
  }
  Value list(rapidjson::kArrayType);
  list.PushBack(std::move(barcode), out.alloc());
  out.Set("barcodes", std::move(list), type_at);
  out.Record(JsonPointer().Child("barcodes").Child(size_t{0}).Child("message"), at.Child("barcode-value"));
}

void ImportPassStatus(const Value& value, const JsonPointer& at, NativeBuilder& out) {
  std::optional<std::string_view> t = out.Text(value, at, "pass-status");
  if (!t) return;
  if (*t == "active") {
    out.Set("voided", Value(false), at);
  } else if (*t == "redeemed" || *t == "expired" || *t == "voided") {
    out.Set("voided", Value(true), at);
  } else {
    out.Error(codes::kImportValueInvalid, at, "pass-status is \"active\", \"redeemed\", \"expired\" or \"voided\"");
  }
}

// A pass-data value that is a field of the model. A date field given as the API writes dates: a
// local time in its own zone (its "-timezone" key), else in the model's.
void ImportFieldValue(const Value& data, std::string_view name, const Value& value, const JsonPointer& at,
                      NativeBuilder& out) {
  const JsonPointer m_at = at.Child(name);
  std::optional<size_t> field = out.Field(name, m_at);
  if (!field) return;
  const Value* model_field = out.ModelField(out.MappedKey(name));
  if (model_field != nullptr && IsDateField(*model_field) && value.IsString()) {
    if (std::optional<std::string> date = EventTicketDate(data, name, at, out)) {
      out.FieldSet(*field, "value", out.String(*date), m_at);
    }
  } else {
    out.FieldValue(*field, value, m_at);
  }
}

// One member of pass-data that is not a field of the model; false when it is none of these.
bool ImportKnown(const Value& data, std::string_view name, const Value& value, const JsonPointer& at,
                 NativeBuilder& out) {
  const JsonPointer m_at = at.Child(name);
  if (name == "barcode-value" || name == "barcode-text") {
    if (std::optional<std::string_view> t = out.Text(value, m_at, name)) {
      out.SetIn("barcode", name == "barcode-value" ? "message" : "altText", out.String(*t), m_at);
    }
  } else if (name == "barcode-type") {
    // read after the others, with barcode-value
  } else if (name == "autogenerate-barcode-values" || name == "autogenerate-barcode-value-type" ||
             name == "autogenerate-barcode-value-length") {
    if (out.model() == nullptr || !out.model()->config.barcode_values) {
      out.Ignored(m_at, "whether and how barcode values are generated is the model's (model.json "
                        "\"barcodeValues\"), and this model generates none");
    }
  } else if (name == "expiration-timestamp") {
    ImportExpiration(value, Member(data, "expiration-timezone"), at, out);
  } else if (name == "expiration-timezone") {
    if (Member(data, "expiration-timestamp") == nullptr) {
      out.Ignored(m_at, "expiration-timezone places expiration-timestamp, which is not given");
    }
  } else if (name == "pass-status") {
    ImportPassStatus(value, m_at, out);
  } else if (name == "disable-pass-sharing") {
    if (std::optional<bool> b = out.Bool(value, m_at, name)) out.Set("sharingProhibited", Value(*b), m_at);
  } else if (name == "pass-update-notification") {
    out.Ignored(m_at, "Wallet announces a change through the changed field's changeMessage, which the model sets");
  } else if (name == "relevant-locations" || name == "ibeacons") {
    ImportEventTicketPlaces(name, value, m_at, out);
  } else if (name == "additional-image" || name == "additional-image-text") {
    out.Ignored(m_at, std::string(name) + " is shown on Google Pay passes only");
  } else if (name == "pass-meta-data") {
    PersonalData(name, value, m_at, out);
  } else if (IsZoneKeyOfDate(data, name)) {
    // read with its date
  } else if (name == "logo-url" || !UrlImageType(name, "-image").empty()) {
    const std::string_view type = name == "logo-url" ? "logo" : UrlImageType(name, "-image");
    if (std::optional<std::string_view> url = out.Text(value, m_at, name)) out.Image(type, *url, m_at);
  } else if (name == "relevance-date-time") {
    if (std::optional<std::string> date = EventTicketDate(data, name, at, out)) {
      out.Set("relevantDate", out.String(*date), m_at);
    }
  } else {
    return false;
  }
  return true;
}

void ImportPassData(const Value& data, const JsonPointer& at, NativeBuilder& out) {
  for (const auto& m : data.GetObject()) {
    const std::string_view name = StringOf(m.name);
    if (ImportKnown(data, name, m.value, at, out)) continue;
    if (m.value.IsString() || m.value.IsNumber()) {
      ImportFieldValue(data, name, m.value, at, out);
    } else {
      out.Error(codes::kImportValueInvalid, at.Child(name),
                "a pass-data value is a string or a number, not " + std::string(JsonTypeName(m.value)));
    }
  }
  if (const Value* type = Member(data, "barcode-type")) ImportBarcodeType(data, *type, at, out);
}

}  // namespace

void ImportEventTicket(const Value& payload, NativeBuilder& out) {
  out.SetDateForm({"\"mm/dd/yyyy h:mm AM/PM\", such as \"11/22/2020 2:01 PM\"",
                   "give the date's zone beside it (relevance-date-timezone, event-start-time-timezone, ...: "
                   "a name such as \"America/New_York\"), or set \"timeZone\" in model.json"});
  const JsonPointer root;
  for (const auto& m : payload.GetObject()) {
    const std::string_view name = StringOf(m.name);
    const JsonPointer at = root.Child(name);
    if (name == "action") {
      std::optional<std::string_view> action = out.Text(m.value, at, name);
      std::string lower(action.value_or(""));
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (action && lower != "generatepass" && lower != "updatepassdata") {
        out.Error(codes::kImportValueInvalid, at,
                  "a pass is made by \"generatepass\" or changed by \"updatepassdata\"");
      }
    } else if (name == "pass-template-id") {
      // The template is the model the pass is built from.
    } else if (name == "pass-id") {
      if (std::optional<std::string_view> id = out.Text(m.value, at, name)) {
        out.Set("serialNumber", out.String(*id), at);
      }
    } else if (name == "new-pass-id") {
      // Wallet knows a pass by its serial number: a new one is a second pass beside the first,
      // which keeps its old values. pkpass updates a pass under the serial it was issued.
      out.Error(codes::kImportValueInvalid, at,
                "new-pass-id would give the pass a new serial number, and Wallet would keep the old pass "
                "beside a new one: update the pass under its pass-id, or issue a new pass with generatepass "
                "and void this one with \"pass-status\": \"voided\"");
    } else if (name == "priority") {
      out.Ignored(at, "the priority of an update's push is the server's");
    } else if (name == "reference-data" || name == "pass-meta-data") {
      PersonalData(name, m.value, at, out);
    } else if (name == "pass-data") {
      if (m.value.IsObject()) {
        ImportPassData(m.value, at, out);
      } else {
        out.Error(codes::kImportValueInvalid, at, "pass-data is an object");
      }
    } else {
      out.Unknown(at, "event-ticket API's request");
    }
  }
}

std::string_view EventTicketBarcodeFormat(std::string_view type) {
  if (type == "QRCODE") return "PKBarcodeFormatQR";
  if (type == "AZTEC") return "PKBarcodeFormatAztec";
  if (type == "PDF417") return "PKBarcodeFormatPDF417";
  if (type == "CODE128") return "PKBarcodeFormatCode128";
  return "";
}

std::string EventTicketZoneKey(const Value& object, std::string_view key) {
  std::string found;
  ZoneOf(object, key, &found);
  return found;
}

std::optional<std::string> EventTicketDate(const Value& object, std::string_view key, const JsonPointer& at,
                                           NativeBuilder& out) {
  const Value* value = Member(object, key);
  const JsonPointer value_at = at.Child(key);
  std::optional<std::string_view> text = value != nullptr ? out.Text(*value, value_at, key) : std::nullopt;
  if (!text) return std::nullopt;
  std::optional<std::string> date = UsDateTime(*text);
  if (!date) {
    out.Error(codes::kImportValueInvalid, value_at,
              std::string(key) + " is written \"mm/dd/yyyy h:mm AM/PM\", such as \"11/22/2020 2:01 PM\", not \"" +
                  std::string(*text) + "\"");
    return std::nullopt;
  }
  std::string zone_key;
  if (const Value* zone = ZoneOf(object, key, &zone_key)) {
    const JsonPointer zone_at = at.Child(zone_key);
    std::optional<std::string_view> name = out.Text(*zone, zone_at, zone_key);
    if (!name) return std::nullopt;
    const ZonedTime probe = InZone(*name, LocalTime{2000, 1, 1, 12, 0, 0});
    if (probe.kind == ZonedTime::Kind::kUnknownZone) {
      out.Error(codes::kDateZoneUnknown, zone_at, probe.error + ": name one such as \"America/New_York\"");
      return std::nullopt;
    }
    *date += "[" + std::string(*name) + "]";  // the date's own zone (resolve/local_dates.h)
  }
  return date;
}

void ImportEventTicketPlaces(std::string_view name, const Value& list, const JsonPointer& at, NativeBuilder& out) {
  if (name == "ibeacons") {
    ImportPlaces("beacons", list, at, kBeaconKeys, "ibeacon", out);
  } else {
    ImportPlaces("locations", list, at, kLocationKeys, "relevant location", out);
  }
}

}  // namespace pkpass
