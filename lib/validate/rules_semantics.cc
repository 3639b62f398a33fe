// Rules for what the poster event ticket and semantic boarding pass layouts need, and for
// upcomingPassInformation. The semantic tags themselves, their types,
// dates and nested types, are checked by the table walk wherever semantics appear.
#include <set>

#include "pkpass/diagnostic_codes.h"
#include "validate/dictionary.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

// The semantic tags each layout needs (A-PosterEv; APB's validators), beyond the style key.
constexpr std::string_view kPosterEventTags[] = {"eventName", "venueName", "venueRegionName",
                                                 "venueRoom"};
constexpr std::string_view kSportsTags[] = {"awayTeamAbbreviation", "homeTeamAbbreviation"};
constexpr std::string_view kLivePerformanceTags[] = {"performerNames"};
constexpr std::string_view kSemanticBoardingTags[] = {
    "airlineCode",           "flightNumber",          "originalDepartureDate",
    "originalBoardingDate",  "originalArrivalDate",   "departureLocationTimeZone",
    "departureAirportCode",  "destinationAirportCode", "passengerName"};

// Warns style-scheme-incomplete for every tag of `tags` that `semantics` lacks.
void NeedTags(const Checker& check, const rapidjson::Value* semantics,
              std::span<const std::string_view> tags, std::string_view layout) {
  const JsonPointer at = JsonPointer().Child("semantics");
  for (std::string_view tag : tags) {
    if (semantics != nullptr && Member(*semantics, tag) != nullptr) continue;
    check.Warning(codes::kStyleSchemeIncomplete, at.Child(tag),
                  "the " + std::string(layout) + " layout needs the semantic tag " +
                      std::string(tag) + "; without it Wallet shows the legacy layout");
  }
}

void CheckStyleSchemes(const Checker& check) {
  const rapidjson::Value* schemes = Member(check.json(), "preferredStyleSchemes");
  if (schemes == nullptr || !schemes->IsArray()) return;
  const JsonPointer at = JsonPointer().Child("preferredStyleSchemes");
  for (rapidjson::SizeType i = 0; i < schemes->Size(); ++i) {
    if (!(*schemes)[i].IsString()) continue;
    const std::string_view scheme = StringOf((*schemes)[i]);
    std::string_view style;
    if (scheme == "posterEventTicket" || scheme == "eventTicket") style = "eventTicket";
    if (scheme == "semanticBoardingPass" || scheme == "boardingPass") style = "boardingPass";
    if (!style.empty() && !check.style().empty() && check.style() != style) {
      check.Warning(codes::kStyleSchemeMismatch, at.Child(i),
                    "the scheme " + std::string(scheme) + " is for a pass whose style key is " +
                        std::string(style) + "; this one is " + std::string(check.style()));
    }
  }
  const rapidjson::Value* semantics = Member(check.json(), "semantics");
  if (semantics != nullptr && !semantics->IsObject()) semantics = nullptr;
  if (check.style() == "eventTicket" && PrefersScheme(check, "posterEventTicket")) {
    NeedTags(check, semantics, kPosterEventTags, "poster event ticket");
    const rapidjson::Value* type = semantics != nullptr ? Member(*semantics, "eventType") : nullptr;
    const std::string_view event_type = type != nullptr && type->IsString() ? StringOf(*type) : "";
    if (event_type == "PKEventTypeSports") NeedTags(check, semantics, kSportsTags, "sports event");
    if (event_type == "PKEventTypeLivePerformance") {
      NeedTags(check, semantics, kLivePerformanceTags, "live performance");
    }
    if (Member(check.json(), "nfc") == nullptr) {
      check.Warning(codes::kStyleSchemeIncomplete, JsonPointer().Child("nfc"),
                    "a poster event ticket is entered by NFC; without nfc Wallet shows the "
                    "legacy layout");
    }
  }
  if (check.style() == "boardingPass" && PrefersScheme(check, "semanticBoardingPass")) {
    NeedTags(check, semantics, kSemanticBoardingTags, "semantic boarding pass");
  }
}

void CheckUpcoming(const Checker& check) {
  const rapidjson::Value* list = Member(check.json(), "upcomingPassInformation");
  if (list == nullptr || !list->IsArray()) return;
  const JsonPointer at = JsonPointer().Child("upcomingPassInformation");
  std::set<std::string_view> identifiers;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const rapidjson::Value& entry = (*list)[i];
    if (!check.Type(entry, kJsonObject, at.Child(i), "an upcoming event")) continue;
    CheckDictionary(check, schema::Dict::kUpcoming, entry, at.Child(i));
    const rapidjson::Value* id = Member(entry, "identifier");
    if (id != nullptr && id->IsString() && !identifiers.insert(StringOf(*id)).second) {
      check.Error(codes::kUpcomingIdentifierDuplicate, at.Child(i).Child("identifier"),
                  "another upcoming event already has the identifier \"" +
                      std::string(StringOf(*id)) + "\"");
    }
  }
}

}  // namespace

bool PrefersScheme(const Checker& check, std::string_view scheme) {
  const rapidjson::Value* schemes = Member(check.json(), "preferredStyleSchemes");
  if (schemes == nullptr || !schemes->IsArray()) return false;
  for (const auto& s : schemes->GetArray()) {
    if (s.IsString() && StringOf(s) == scheme) return true;
  }
  return false;
}

void CheckSemantics(const Checker& check) {
  CheckStyleSchemes(check);
  CheckUpcoming(check);
}

}  // namespace pkpass
