#include "emit/pass_json_writer.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <climits>
#include <unordered_map>
#include <vector>

namespace pkpass {
namespace {

// Apple's keys in the order pass.json is written; a key's rank is its index. The table is
// looked up only, never iterated, so hash order cannot reach the output.
constexpr std::string_view kKeyOrder[] = {
    // standard, then visual, expiration, relevance, association and web service keys
    "formatVersion", "passTypeIdentifier", "serialNumber", "teamIdentifier", "organizationName",
    "description", "logoText", "foregroundColor", "backgroundColor", "labelColor", "stripColor",
    "groupingIdentifier", "suppressStripShine", "sharingProhibited", "expirationDate", "voided",
    "relevantDate", "relevantDates", "maxDistance", "locations", "beacons",
    "associatedStoreIdentifiers", "appLaunchURL", "webServiceURL", "authenticationToken",
    // style keys and their field groups
    "boardingPass", "coupon", "eventTicket", "generic", "storeCard", "transitType",
    "headerFields", "primaryFields", "secondaryFields", "auxiliaryFields", "backFields",
    "additionalInfoFields", "footerFields",
    // field dictionary
    "key", "label", "value", "attributedValue", "changeMessage", "textAlignment", "dateStyle",
    "timeStyle", "isRelative", "ignoresTimeZone", "numberStyle", "currencyCode",
    "dataDetectorTypes", "row",
    // barcodes, relevance entries, NFC
    "barcode", "barcodes", "format", "message", "messageEncoding", "altText", "date", "startDate",
    "endDate", "latitude", "longitude", "altitude", "proximityUUID", "major", "minor",
    "relevantText", "nfc", "encryptionPublicKey", "requiresAuthentication",
    // free-form data last
    "semantics", "userInfo"};

int KeyRank(std::string_view key) {
  static const std::unordered_map<std::string_view, int> ranks = [] {
    std::unordered_map<std::string_view, int> m;
    for (size_t i = 0; i < std::size(kKeyOrder); ++i) m.emplace(kKeyOrder[i], static_cast<int>(i));
    return m;
  }();
  auto it = ranks.find(key);
  return it == ranks.end() ? INT_MAX : it->second;
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteValue(const rapidjson::Value& v, Writer& w) {
  if (v.IsObject()) {
    struct Entry {
      int rank;
      std::string_view key;
      const rapidjson::Value* value;
    };
    std::vector<Entry> entries;
    entries.reserve(v.MemberCount());
    for (const auto& m : v.GetObject()) {
      const std::string_view key = StringOf(m.name);
      entries.push_back({KeyRank(key), key, &m.value});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return a.rank != b.rank ? a.rank < b.rank : a.key < b.key;
    });
    w.StartObject();
    for (const Entry& e : entries) {
      w.Key(e.key.data(), static_cast<rapidjson::SizeType>(e.key.size()));
      WriteValue(*e.value, w);
    }
    w.EndObject();
  } else if (v.IsArray()) {
    w.StartArray();
    for (const auto& item : v.GetArray()) WriteValue(item, w);
    w.EndArray();
  } else {
    v.Accept(w);  // a scalar: no recursion
  }
}

}  // namespace

std::string WritePassJson(const rapidjson::Value& pass) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  WriteValue(pass, writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace pkpass
