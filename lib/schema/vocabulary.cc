// The vocabulary table. Sources: Apple's pass format reference (the
// SemanticTags and SemanticTagType pages, the personalization guide) and Pass2U's v2 API for the
// length limits and the overrides keys.
//
// Rows are grouped by dictionary; within a dictionary, row order is the order pass.json is
// written. The top-level keys written in name order after userInfo before this table existed
// keep that place, so a pass built by an earlier release keeps its bytes.
#include "schema/vocabulary.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>
#include <vector>

#include "pkpass/diagnostic_codes.h"

namespace pkpass::schema {
namespace {

constexpr unsigned S = kJsonString;
constexpr unsigned N = kJsonNumber;
constexpr unsigned B = kJsonBool;
constexpr unsigned O = kJsonObject;
constexpr unsigned A = kJsonArray;

constexpr Key Row(Dict dict, std::string_view name, unsigned types, std::string_view since) {
  Key k;
  k.dict = dict;
  k.name = name;
  k.types = types;
  k.since = since;
  return k;
}

// Value spellings.
constexpr std::string_view kTransitTypes[] = {"PKTransitTypeAir", "PKTransitTypeBoat",
                                              "PKTransitTypeBus", "PKTransitTypeGeneric",
                                              "PKTransitTypeTrain"};
constexpr std::string_view kTextAlignments[] = {"PKTextAlignmentLeft", "PKTextAlignmentCenter",
                                                "PKTextAlignmentRight", "PKTextAlignmentNatural"};
constexpr std::string_view kDateStyles[] = {"PKDateStyleNone", "PKDateStyleShort",
                                            "PKDateStyleMedium", "PKDateStyleLong",
                                            "PKDateStyleFull"};
constexpr std::string_view kNumberStyles[] = {"PKNumberStyleDecimal", "PKNumberStylePercent",
                                              "PKNumberStyleScientific", "PKNumberStyleSpellOut"};
constexpr std::string_view kDataDetectors[] = {
    "PKDataDetectorTypePhoneNumber", "PKDataDetectorTypeLink", "PKDataDetectorTypeAddress",
    "PKDataDetectorTypeCalendarEvent"};
constexpr std::string_view kFormats[] = {
    "PKBarcodeFormatQR",     "PKBarcodeFormatPDF417",  "PKBarcodeFormatAztec",
    "PKBarcodeFormatCode128", "PKBarcodeFormatCode39", "PKBarcodeFormatCodabar",
    "PKBarcodeFormatEAN13",  "PKBarcodeFormatI2of5"};
constexpr std::string_view kSchemes[] = {"posterEventTicket", "eventTicket",
                                         "semanticBoardingPass", "boardingPass"};
constexpr std::string_view kEventTypes[] = {
    "PKEventTypeGeneric",    "PKEventTypeLivePerformance", "PKEventTypeMovie",
    "PKEventTypeSports",     "PKEventTypeConference",      "PKEventTypeConvention",
    "PKEventTypeWorkshop",   "PKEventTypeSocialGathering"};
constexpr std::string_view kSecurityPrograms[] = {
    "PKTransitSecurityProgramTSAPreCheck", "PKTransitSecurityProgramTSAPreCheckTouchlessID",
    "PKTransitSecurityProgramOSS",         "PKTransitSecurityProgramITI",
    "PKTransitSecurityProgramITD",         "PKTransitSecurityProgramGlobalEntry",
    "PKTransitSecurityProgramCLEAR"};
constexpr std::string_view kPassengerCapabilities[] = {
    "PKPassengerCapabilityPreboarding", "PKPassengerCapabilityPriorityBoarding",
    "PKPassengerCapabilityCarryon", "PKPassengerCapabilityPersonalItem"};
constexpr std::string_view kPersonalizationFields[] = {
    "PKPassPersonalizationFieldName", "PKPassPersonalizationFieldPostalCode",
    "PKPassPersonalizationFieldEmailAddress", "PKPassPersonalizationFieldPhoneNumber"};
constexpr std::string_view kActionTypes[] = {
    "viewSchedule", "watchTrailer",  "listenToMusic", "call",          "place",
    "addToBalance", "order",         "shop",          "membershipBenefits",
    "bookAppointment", "bookCar",    "bookFlight",    "bookStay",      "viewOffersRewards"};
constexpr std::string_view kUpcomingTypes[] = {"event"};

using enum Dict;
using enum Format;
using enum Need;
using enum Override;
using enum Scope;

constexpr Key kKeys[] = {
    // pass.json: standard keys
    Row(kPass, "formatVersion", N, "6").Needs(kRequired).ByRule(),
    Row(kPass, "passTypeIdentifier", S, "6").Needs(kRequired).ByRule(),
    Row(kPass, "serialNumber", S, "6").Needs(kRequired).ByRule().Set(kReplace),
    Row(kPass, "teamIdentifier", S, "6").Needs(kRequired).ByRule(),
    Row(kPass, "organizationName", S, "6").Needs(kRequired).ByRule().Max(100).Set(kReplace),
    Row(kPass, "description", S, "6").Needs(kRequired).ByRule().Max(1000).Set(kReplace),
    // visual appearance, expiration, relevance, associated apps, web service
    Row(kPass, "logoText", S, "6").Max(35).Set(kReplace),
    Row(kPass, "foregroundColor", S, "6").As(kColor).Set(kReplace),
    Row(kPass, "backgroundColor", S, "6").As(kColor).Set(kReplace),
    Row(kPass, "labelColor", S, "6").As(kColor).Set(kReplace),
    Row(kPass, "stripColor", S, "").As(kColor).Set(kReplace),
    Row(kPass, "groupingIdentifier", S, "7").Max(50).Set(kReplace),
    Row(kPass, "suppressStripShine", B, "6").Set(kReplace),
    Row(kPass, "sharingProhibited", B, "11").Set(kReplace),
    Row(kPass, "expirationDate", S, "7").As(kDate).Set(kReplace),
    Row(kPass, "voided", B, "7").Set(kReplace),
    Row(kPass, "relevantDate", S, "6").As(kDate).Set(kReplace),
    Row(kPass, "relevantDates", A, "18").In(kRelevantDate).Content().Set(kReplace),
    Row(kPass, "maxDistance", N, "7").As(kNonNegative).Set(kReplace),
    Row(kPass, "locations", A, "6").In(kLocation).Content().Set(kReplace),
    Row(kPass, "beacons", A, "7").In(kBeacon).Content().Set(kReplace),
    Row(kPass, "associatedStoreIdentifiers", A, "6").Content().Set(kReplace),
    Row(kPass, "appLaunchURL", S, "6").Max(255).Set(kReplace),
    Row(kPass, "webServiceURL", S, "6").Set(kReplace),
    Row(kPass, "authenticationToken", S, "6").Set(kReplace),
    // style keys
    Row(kPass, "boardingPass", O, "6").In(kStyle).As(kStyleKey).ByRule(),
    Row(kPass, "coupon", O, "6").In(kStyle).As(kStyleKey).ByRule(),
    Row(kPass, "eventTicket", O, "6").In(kStyle).As(kStyleKey).ByRule(),
    Row(kPass, "generic", O, "6").In(kStyle).As(kStyleKey).ByRule(),
    Row(kPass, "storeCard", O, "6").In(kStyle).As(kStyleKey).ByRule(),
    // barcodes, NFC, semantics, companion-app data
    Row(kPass, "barcode", O, "6").In(kBarcode).Content().Set(kBarcodeMessage),
    Row(kPass, "barcodes", A, "9").In(kBarcode).Content().Set(kReplace),
    Row(kPass, "nfc", O, "9").In(kNfc).Content().Set(kNfcAttributes),
    Row(kPass, "semantics", O, "12").In(kSemantics).Set(kReplace),
    Row(kPass, "userInfo", kJsonAny, "7").Set(kReplace),
    // iOS 18, 26 and 27 keys, in name order
    Row(kPass, "accessibilityURL", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "addOnURL", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "auxiliaryStoreIdentifiers", A, "18").Content().Only(kPosterEventTicket),
    Row(kPass, "bagPolicyURL", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "changeSeatURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "contactVenueEmail", S, "18").Only(kPosterEventTicket),
    Row(kPass, "contactVenuePhoneNumber", S, "18").Only(kPosterEventTicket),
    Row(kPass, "contactVenueWebsite", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "directionsInformationURL", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "entertainmentURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "eventLogoText", S, "18.1").Only(kPosterEventTicket),
    Row(kPass, "featuredActions", A, "27").In(kFeaturedAction).Only(kPosterGeneric),
    Row(kPass, "footerBackgroundColor", S, "18").As(kColor).Set(kReplace).Only(kPosterEventTicket),
    Row(kPass, "logoSymbolName", S, "27"),
    Row(kPass, "managementURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "merchandiseURL", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "orderFoodURL", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "parkingInformationURL", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "posterGeneric", O, "27").In(kStyle).As(kCompanionStyle).Content(),
    Row(kPass, "preferredStyleSchemes", A, "18").Items(S).OneOf(kSchemes),
    Row(kPass, "purchaseAdditionalBaggageURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "purchaseLoungeAccessURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "purchaseParkingURL", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "purchaseWifiURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "registerServiceAnimalURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "reportLostBagURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "requestWheelchairURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "sellURL", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "suppressHeaderDarkening", B, "18").Only(kPosterEventTicket),
    Row(kPass, "trackBagsURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "transferURL", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "transitInformationURL", S, "18").As(kUrl).Only(kPosterEventTicket),
    Row(kPass, "transitProviderEmail", S, "26").Only(kSemanticBoardingPass),
    Row(kPass, "transitProviderPhoneNumber", S, "26").Only(kSemanticBoardingPass),
    Row(kPass, "transitProviderWebsiteURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "upcomingPassInformation", A, "26").In(kUpcoming).Content().Only(kEventTicket),
    Row(kPass, "upgradeURL", S, "26").As(kUrl).Only(kSemanticBoardingPass),
    Row(kPass, "useAutomaticColors", B, "18").Only(kPosterEventTicket),

    // a style dictionary
    Row(kStyle, "transitType", S, "6").OneOf(kTransitTypes).Set(kTransitType),
    Row(kStyle, "headerFields", A, "6").In(kField),
    Row(kStyle, "primaryFields", A, "6").In(kField),
    Row(kStyle, "secondaryFields", A, "6").In(kField),
    Row(kStyle, "auxiliaryFields", A, "6").In(kField),
    Row(kStyle, "backFields", A, "6").In(kField),
    Row(kStyle, "additionalInfoFields", A, "18").In(kField),
    Row(kStyle, "footerFields", A, "27").In(kField),

    // a field dictionary
    Row(kField, "key", S, "6").Needs(kRequired).Missing(codes::kFieldKeyMissing).Max(100),
    Row(kField, "label", S, "6").Max(150).Set(kAttribute),
    Row(kField, "value", S | N, "6").Needs(kRequired).Missing(codes::kFieldValueMissing).Max(5000).Set(kAttribute),
    Row(kField, "attributedValue", S | N, "7").Set(kAttribute),
    Row(kField, "changeMessage", S, "6").Max(80).Set(kAttribute),
    Row(kField, "textAlignment", S, "6").OneOf(kTextAlignments).Set(kAttribute),
    Row(kField, "dateStyle", S, "6").OneOf(kDateStyles).Set(kAttribute),
    Row(kField, "timeStyle", S, "6").OneOf(kDateStyles).Set(kAttribute),
    Row(kField, "isRelative", B, "6").Set(kAttribute),
    Row(kField, "ignoresTimeZone", B, "7").Set(kAttribute),
    Row(kField, "numberStyle", S, "6").OneOf(kNumberStyles).Set(kAttribute),
    Row(kField, "currencyCode", S, "6").As(kCurrencyCode).Set(kAttribute),
    Row(kField, "dataDetectorTypes", A, "6").Items(S).OneOf(kDataDetectors).Set(kAttribute),
    Row(kField, "row", N, "18").ByRule().Set(kAttribute),
    Row(kField, "semantics", O, "12").In(kSemantics).Set(kAttribute),

    // a barcode; overrides set message and altText on every barcode
    Row(kBarcode, "format", S, "6").Needs(kRequired).Missing(codes::kBarcodeFormatUnknown).OneOf(kFormats).ByRule(),
    Row(kBarcode, "message", S, "6").Needs(kRequired).Missing(codes::kBarcodeMessageMissing).Max(255).Set(kAttribute),
    Row(kBarcode, "messageEncoding", S, "6").Needs(kRequired).Missing(codes::kBarcodeEncodingMissing),
    Row(kBarcode, "altText", S, "6").Max(50).Set(kAttribute),

    // nfc
    Row(kNfc, "message", S, "9").Needs(kRequired).Missing(codes::kNfcIncomplete).Set(kAttribute),
    Row(kNfc, "encryptionPublicKey", S, "9").Needs(kRequired).Missing(codes::kNfcIncomplete).Set(kAttribute),
    Row(kNfc, "requiresAuthentication", B, "13.1").Set(kAttribute),

    // relevance
    Row(kLocation, "latitude", N, "6").Needs(kRequired).Missing(codes::kLocationCoordinateMissing),
    Row(kLocation, "longitude", N, "6").Needs(kRequired).Missing(codes::kLocationCoordinateMissing),
    Row(kLocation, "altitude", N, "6"),
    Row(kLocation, "relevantText", S, "6").Max(255),
    Row(kBeacon, "proximityUUID", S, "7").Needs(kRequired).Missing(codes::kBeaconUuidInvalid).ByRule(),
    Row(kBeacon, "major", N, "7").ByRule(),
    Row(kBeacon, "minor", N, "7").ByRule(),
    Row(kBeacon, "relevantText", S, "7").Max(255),
    Row(kRelevantDate, "relevantDate", S, "18").As(kDate),
    Row(kRelevantDate, "date", S, "26").As(kDate),
    Row(kRelevantDate, "startDate", S, "18").As(kDate),
    Row(kRelevantDate, "endDate", S, "18").As(kDate),

    // featuredActions entries of a poster generic pass (iOS 27)
    Row(kFeaturedAction, "identifier", S, "27").Needs(kRequired),
    Row(kFeaturedAction, "type", S, "27").Needs(kRequired).OneOf(kActionTypes),
    Row(kFeaturedAction, "url", S, "27").As(kUrl),

    // semantic tags (Apple's SemanticTags), in name order
    Row(kSemantics, "additionalTicketAttributes", S, "18"),
    Row(kSemantics, "admissionLevel", S, "18"),
    Row(kSemantics, "admissionLevelAbbreviation", S, "18"),
    Row(kSemantics, "airlineCode", S, "12"),
    Row(kSemantics, "airplay", A, "18").In(kAirPlayDevice),
    Row(kSemantics, "albumIDs", A, "18").Items(S),
    Row(kSemantics, "artistIDs", A, "12").Items(S),
    Row(kSemantics, "attendeeName", S, "18"),
    Row(kSemantics, "awayTeamAbbreviation", S, "12"),
    Row(kSemantics, "awayTeamLocation", S, "12"),
    Row(kSemantics, "awayTeamName", S, "12"),
    Row(kSemantics, "balance", O, "12").In(kCurrencyAmount),
    Row(kSemantics, "boardingGroup", S, "12"),
    Row(kSemantics, "boardingSequenceNumber", S, "12"),
    Row(kSemantics, "boardingZone", S, "26"),
    Row(kSemantics, "carNumber", S, "12"),
    Row(kSemantics, "confirmationNumber", S, "12"),
    Row(kSemantics, "currentArrivalDate", S, "12").As(kDate),
    Row(kSemantics, "currentBoardingDate", S, "12").As(kDate),
    Row(kSemantics, "currentDepartureDate", S, "12").As(kDate),
    Row(kSemantics, "departureAirportCode", S, "12"),
    Row(kSemantics, "departureAirportName", S, "12"),
    Row(kSemantics, "departureCityName", S, "26"),
    Row(kSemantics, "departureGate", S, "12"),
    Row(kSemantics, "departureLocation", O, "12").In(kSemanticLocation),
    Row(kSemantics, "departureLocationDescription", S, "12"),
    Row(kSemantics, "departureLocationSecurityPrograms", A, "26").Items(S).OneOf(kSecurityPrograms),
    Row(kSemantics, "departureLocationTimeZone", S, "26"),
    Row(kSemantics, "departurePlatform", S, "12"),
    Row(kSemantics, "departureStationName", S, "12"),
    Row(kSemantics, "departureTerminal", S, "12"),
    Row(kSemantics, "destinationAirportCode", S, "12"),
    Row(kSemantics, "destinationAirportName", S, "12"),
    Row(kSemantics, "destinationCityName", S, "26"),
    Row(kSemantics, "destinationGate", S, "12"),
    Row(kSemantics, "destinationLocation", O, "12").In(kSemanticLocation),
    Row(kSemantics, "destinationLocationDescription", S, "12"),
    Row(kSemantics, "destinationLocationSecurityPrograms", A, "26").Items(S).OneOf(kSecurityPrograms),
    Row(kSemantics, "destinationLocationTimeZone", S, "26"),
    Row(kSemantics, "destinationPlatform", S, "12"),
    Row(kSemantics, "destinationStationName", S, "12"),
    Row(kSemantics, "destinationTerminal", S, "12"),
    Row(kSemantics, "duration", N, "12"),
    Row(kSemantics, "entranceDescription", S, "18"),
    Row(kSemantics, "eventEndDate", S, "12").As(kDate),
    Row(kSemantics, "eventLiveMessage", S, "18"),
    Row(kSemantics, "eventName", S, "12"),
    Row(kSemantics, "eventStartDate", S, "12").As(kDate),
    Row(kSemantics, "eventStartDateInfo", O, "18").In(kEventDateInfo),
    Row(kSemantics, "eventType", S, "12").OneOf(kEventTypes),
    Row(kSemantics, "flightCode", S, "12"),
    Row(kSemantics, "flightNumber", N, "12"),
    Row(kSemantics, "genre", S, "12"),
    Row(kSemantics, "homeTeamAbbreviation", S, "12"),
    Row(kSemantics, "homeTeamLocation", S, "12"),
    Row(kSemantics, "homeTeamName", S, "12"),
    Row(kSemantics, "internationalDocumentsAreVerified", B, "26"),
    Row(kSemantics, "internationalDocumentsVerifiedDeclarationName", S, "26"),
    Row(kSemantics, "leagueAbbreviation", S, "12"),
    Row(kSemantics, "leagueName", S, "12"),
    Row(kSemantics, "loungePlaceIDs", A, "26").Items(S),
    Row(kSemantics, "membershipProgramName", S, "12"),
    Row(kSemantics, "membershipProgramNumber", S, "12"),
    Row(kSemantics, "membershipProgramStatus", S, "26"),
    Row(kSemantics, "originalArrivalDate", S, "12").As(kDate),
    Row(kSemantics, "originalBoardingDate", S, "12").As(kDate),
    Row(kSemantics, "originalDepartureDate", S, "12").As(kDate),
    Row(kSemantics, "passengerAirlineSSRs", A, "26").Items(S),
    Row(kSemantics, "passengerCapabilities", A, "26").Items(S).OneOf(kPassengerCapabilities),
    Row(kSemantics, "passengerEligibleSecurityPrograms", A, "26").Items(S).OneOf(kSecurityPrograms),
    Row(kSemantics, "passengerInformationSSRs", A, "26").Items(S),
    Row(kSemantics, "passengerName", O, "12").In(kPersonName),
    Row(kSemantics, "passengerServiceSSRs", A, "26").Items(S),
    Row(kSemantics, "performerNames", A, "12").Items(S),
    Row(kSemantics, "playlistIDs", A, "18").Items(S),
    Row(kSemantics, "priorityStatus", S, "12"),
    Row(kSemantics, "seats", A, "12").In(kSeat),
    Row(kSemantics, "securityScreening", S, "12"),
    Row(kSemantics, "silenceRequested", B, "12"),
    Row(kSemantics, "sportName", S, "12"),
    Row(kSemantics, "tailgatingAllowed", B, "18"),
    Row(kSemantics, "ticketFareClass", S, "26"),
    Row(kSemantics, "totalPrice", O, "12").In(kCurrencyAmount),
    Row(kSemantics, "transitProvider", S, "12"),
    Row(kSemantics, "transitStatus", S, "12"),
    Row(kSemantics, "transitStatusReason", S, "12"),
    Row(kSemantics, "vehicleName", S, "12"),
    Row(kSemantics, "vehicleNumber", S, "12"),
    Row(kSemantics, "vehicleType", S, "12"),
    Row(kSemantics, "venueBoxOfficeOpenDate", S, "18").As(kDate),
    Row(kSemantics, "venueCloseDate", S, "18").As(kDate),
    Row(kSemantics, "venueDoorsOpenDate", S, "18").As(kDate),
    Row(kSemantics, "venueEntrance", S, "12"),
    Row(kSemantics, "venueEntranceDoor", S, "18"),
    Row(kSemantics, "venueEntranceGate", S, "18"),
    Row(kSemantics, "venueEntrancePortal", S, "18"),
    Row(kSemantics, "venueFanZoneOpenDate", S, "18").As(kDate),
    Row(kSemantics, "venueGatesOpenDate", S, "18").As(kDate),
    Row(kSemantics, "venueLocation", O, "12").In(kSemanticLocation),
    Row(kSemantics, "venueName", S, "12"),
    Row(kSemantics, "venueOpenDate", S, "18").As(kDate),
    Row(kSemantics, "venueParkingLotsOpenDate", S, "18").As(kDate),
    Row(kSemantics, "venuePhoneNumber", S, "12"),
    Row(kSemantics, "venuePlaceID", S, "26"),
    Row(kSemantics, "venueRegionName", S, "18"),
    Row(kSemantics, "venueRoom", S, "12"),
    Row(kSemantics, "wifiAccess", A, "12").In(kWifiNetwork),

    // semantic tag types (Apple's SemanticTagType)
    Row(kSeat, "seatAisle", S, "18"),
    Row(kSeat, "seatDescription", S, "12"),
    Row(kSeat, "seatIdentifier", S, "12"),
    Row(kSeat, "seatLevel", S, "18"),
    Row(kSeat, "seatNumber", S, "12"),
    Row(kSeat, "seatRow", S, "12"),
    Row(kSeat, "seatSection", S, "12"),
    Row(kSeat, "seatSectionColor", S, "18").As(kColor),
    Row(kSeat, "seatType", S, "12"),
    Row(kPersonName, "familyName", S, "12"),
    Row(kPersonName, "givenName", S, "12"),
    Row(kPersonName, "middleName", S, "12"),
    Row(kPersonName, "namePrefix", S, "12"),
    Row(kPersonName, "nameSuffix", S, "12"),
    Row(kPersonName, "nickname", S, "12"),
    Row(kPersonName, "phoneticRepresentation", S | O, "12"),
    Row(kCurrencyAmount, "currencyCode", S, "12").As(kCurrencyCode),
    Row(kCurrencyAmount, "amount", S, "12"),
    Row(kSemanticLocation, "latitude", N, "12").Needs(kRequired),
    Row(kSemanticLocation, "longitude", N, "12").Needs(kRequired),
    Row(kEventDateInfo, "date", S, "18").As(kDate),
    Row(kEventDateInfo, "ignoreTimeComponents", B, "18"),
    Row(kEventDateInfo, "timeZone", S, "18"),
    Row(kEventDateInfo, "unannounced", B, "18"),
    Row(kEventDateInfo, "undetermined", B, "18"),
    Row(kWifiNetwork, "password", S, "12").Needs(kRequired),
    Row(kWifiNetwork, "ssid", S, "12").Needs(kRequired),
    Row(kAirPlayDevice, "airplayDeviceGroupToken", S, "18"),

    // upcomingPassInformation entries (iOS 26)
    Row(kUpcoming, "identifier", S, "26").Needs(kRequired),
    Row(kUpcoming, "name", S, "26").Needs(kRequired),
    Row(kUpcoming, "type", S, "26").Needs(kRequired).OneOf(kUpcomingTypes),
    Row(kUpcoming, "isActive", B, "26"),
    Row(kUpcoming, "dateInformation", O, "26").In(kUpcomingDate),
    Row(kUpcoming, "semantics", O, "26").In(kSemantics),
    Row(kUpcoming, "images", O, "26").In(kUpcomingImages),
    Row(kUpcoming, "URLs", O, "26").In(kUpcomingUrls),
    Row(kUpcoming, "auxiliaryStoreIdentifiers", A, "26").Items(N),
    Row(kUpcoming, "backFields", A, "26").In(kField),
    Row(kUpcoming, "additionalInfoFields", A, "26").In(kField),
    Row(kUpcomingDate, "date", S, "26").Needs(kRequired).As(kDate),
    Row(kUpcomingDate, "ignoreTimeComponents", B, "26"),
    Row(kUpcomingDate, "isAllDay", B, "26"),
    Row(kUpcomingDate, "isUnannounced", B, "26"),
    Row(kUpcomingDate, "isUndetermined", B, "26"),
    Row(kUpcomingDate, "timeZone", S, "26"),
    Row(kUpcomingImages, "headerImage", O, "26").In(kUpcomingImage),
    Row(kUpcomingImages, "venueMap", O, "26").In(kUpcomingImage),
    Row(kUpcomingImage, "URLs", A, "26").In(kImageUrl),
    Row(kUpcomingImage, "reuseExisting", B, "26"),
    Row(kImageUrl, "URL", S, "26").Needs(kRequired).As(kUrl),
    Row(kImageUrl, "SHA256", S, "26").Needs(kRequired),
    Row(kImageUrl, "scale", N, "26"),
    Row(kImageUrl, "size", N, "26"),
    Row(kUpcomingUrls, "accessibilityURL", S, "26").As(kUrl),
    Row(kUpcomingUrls, "addOnURL", S, "26").As(kUrl),
    Row(kUpcomingUrls, "bagPolicyURL", S, "26").As(kUrl),
    Row(kUpcomingUrls, "contactVenueEmail", S, "26"),
    Row(kUpcomingUrls, "contactVenuePhoneNumber", S, "26"),
    Row(kUpcomingUrls, "contactVenueWebsite", S, "26").As(kUrl),
    Row(kUpcomingUrls, "directionsInformationURL", S, "26").As(kUrl),
    Row(kUpcomingUrls, "merchandiseURL", S, "26").As(kUrl),
    Row(kUpcomingUrls, "orderFoodURL", S, "26").As(kUrl),
    Row(kUpcomingUrls, "parkingInformationURL", S, "26").As(kUrl),
    Row(kUpcomingUrls, "purchaseParkingURL", S, "26").As(kUrl),
    Row(kUpcomingUrls, "sellURL", S, "26").As(kUrl),
    Row(kUpcomingUrls, "transferURL", S, "26").As(kUrl),
    Row(kUpcomingUrls, "transitInformationURL", S, "26").As(kUrl),

    // personalization.json
    Row(kPersonalization, "description", S, "10").Needs(kRequired),
    Row(kPersonalization, "requiredPersonalizationFields", A, "10")
        .Needs(kRequired).Items(S).OneOf(kPersonalizationFields),
    Row(kPersonalization, "termsAndConditions", S, "10"),

    // the overrides document's keys of its own (Pass2U's create-pass payload)
    Row(kOverrides, "fields", A, "").Set(kFields),
    Row(kOverrides, "images", A, "").Set(kImages),
    Row(kOverrides, "status", N, "").Set(kStatus),
    Row(kOverrides, "timeZone", S, "").Set(kTimeZone),
    Row(kOverrides, "localizations", O, "").Set(kLocalizations),
    Row(kOverrides, "bundleId", S, "").Set(kBundle),
    Row(kOverrides, "passcode", S, "").Set(kNotInPass),
    Row(kOverrides, "androidAppLaunchURL", S, "").Set(kNotInPass),
    Row(kOverrides, "associatedPlayIdentifiers", A, "").Set(kNotInPass),

    // an entry of the overrides' fields, besides the field attributes it sets (README: fields)
    Row(kFieldOverride, "key", S, ""),               // the field it customises, removes or adds
    Row(kFieldOverride, "area", S, ""),              // adds the field to this field group
    Row(kFieldOverride, "remove", B, ""),            // true: the model's field is left out
    Row(kFieldOverride, "removeAttributes", A, "").Items(S),  // the model's attributes left out
    Row(kFieldOverride, "hideEmpty", B, ""),         // true: left out when its value is ""
};

constexpr size_t kDictCount = static_cast<size_t>(kFieldOverride) + 1;

// The table keeps each dictionary's rows together, with one row per name.
constexpr bool IsGrouped() {
  for (size_t i = 0; i < std::size(kKeys); ++i) {
    for (size_t j = i + 1; j < std::size(kKeys); ++j) {
      if (kKeys[j].dict == kKeys[i].dict && j != i + 1 && kKeys[j - 1].dict != kKeys[i].dict) {
        return false;
      }
      if (kKeys[j].dict == kKeys[i].dict && kKeys[j].name == kKeys[i].name) return false;
    }
  }
  return true;
}
static_assert(IsGrouped(), "a dictionary's rows must be together and its names unique");

// Every row by dictionary and name: open addressing with a hash of constant cost, as the
// validator and the writer look up every key they visit. Only looked up, never iterated, so its
// order reaches no output.
class NameTable {
 public:
  void Add(const Key& key) {
    for (size_t i = Hash(key.dict, key.name);; ++i) {
      const Key*& slot = slots_[i & (kSlots - 1)];
      if (slot == nullptr) {
        slot = &key;
        return;
      }
    }
  }

  const Key* Find(Dict dict, std::string_view name) const {
    for (size_t i = Hash(dict, name);; ++i) {
      const Key* slot = slots_[i & (kSlots - 1)];
      if (slot == nullptr || (slot->dict == dict && slot->name == name)) return slot;
    }
  }

  static constexpr size_t kSlots = 2048;  // a power of two, kept over twice the rows

 private:
  // Mixes the dictionary, the length and the name's first and last eight bytes: constant time
  // whatever the name's length, and distinct enough for the table's names.
  static size_t Hash(Dict dict, std::string_view name) {
    const size_t n = name.size();
    std::uint64_t head = 0, tail = 0;
    std::memcpy(&head, name.data(), std::min<size_t>(n, 8));
    if (n > 8) std::memcpy(&tail, name.data() + n - std::min<size_t>(n - 8, 8), std::min<size_t>(n - 8, 8));
    std::uint64_t h = head * 0x9E3779B97F4A7C15ull ^ (tail + n) * 0xC2B2AE3D27D4EB4Full ^
                      (static_cast<std::uint64_t>(dict) + 1) * 0x165667B19E3779F9ull;
    h ^= h >> 29;
    return static_cast<size_t>(h * 0xBF58476D1CE4E5B9ull >> 32);
  }

  std::array<const Key*, kSlots> slots_{};
};
static_assert(std::size(kKeys) * 2 <= NameTable::kSlots);

// Built once.
struct Index {
  std::array<std::span<const Key>, kDictCount> by_dict;
  NameTable by_name;
  std::vector<std::string_view> styles, field_dicts, groups;
};

const Index& TheIndex() {
  static const Index index = [] {
    Index ix;
    const std::span<const Key> all(kKeys);
    for (size_t i = 0; i < all.size();) {
      size_t j = i;
      while (j < all.size() && all[j].dict == all[i].dict) ++j;
      ix.by_dict[static_cast<size_t>(all[i].dict)] = all.subspan(i, j - i);
      i = j;
    }
    for (const Key& k : all) ix.by_name.Add(k);
    for (const Key& k : ix.by_dict[static_cast<size_t>(kPass)]) {
      if (k.format == kStyleKey) ix.styles.push_back(k.name);
      if (k.format == kStyleKey || k.format == kCompanionStyle) ix.field_dicts.push_back(k.name);
    }
    for (const Key& k : ix.by_dict[static_cast<size_t>(kStyle)]) {
      if (k.value_dict == kField) ix.groups.push_back(k.name);
    }
    return ix;
  }();
  return index;
}

}  // namespace

const std::span<const std::string_view> kBarcodeFormats = kFormats;
const std::span<const std::string_view> kStyleSchemes = kSchemes;

const Key* Find(Dict dict, std::string_view name) {
  return TheIndex().by_name.Find(dict, name);
}

std::span<const Key> KeysOf(Dict dict) { return TheIndex().by_dict[static_cast<size_t>(dict)]; }

int Rank(Dict dict, std::string_view name) {
  const Key* key = Find(dict, name);
  return key == nullptr ? INT_MAX : RankOf(*key);
}

int RankOf(const Key& key) { return static_cast<int>(&key - KeysOf(key.dict).data()); }

const Key* FindOverride(std::string_view name) {
  for (Dict dict : {kOverrides, kPass, kStyle}) {
    const Key* key = Find(dict, name);
    if (key != nullptr && key->override != kNo && key->override != kAttribute) return key;
  }
  return nullptr;
}

const Key* FindAttribute(Dict dict, std::string_view name) {
  const Key* key = Find(dict, name);
  return key != nullptr && key->override == kAttribute ? key : nullptr;
}

namespace {

// Apple's Wallet Developer Guide: the images each style shows (table 4-1) and their sizes in
// points; Apple's Human Interface Guidelines for the icon and the poster event ticket's images.
// clang-format off
constexpr Image kImageRows[] = {
    // type             styles                        shown  width height exact by_url  fit
    {"icon",            "",                           true,  29,  29,  true,  true, Fit::kPad},
    {"logo",            "",                           true,  160, 50,  false, true, Fit::kInside},
    {"strip",           "eventTicket",                true,  375, 98,  true,  true, Fit::kCover},
    {"strip",           "coupon storeCard",           true,  375, 144, true,  true, Fit::kCover},
    {"strip",           "",                           false, 375, 123, true,  true, Fit::kCover},
    {"thumbnail",       "eventTicket generic",        true,  90,  90,  false, true, Fit::kInsideRatio},
    {"thumbnail",       "",                           false, 90,  90,  false, true, Fit::kInsideRatio},
    {"background",      "eventTicket",                true,  180, 220, false, true, Fit::kCover},
    {"background",      "",                           false, 180, 220, false, true, Fit::kCover},
    {"footer",          "boardingPass",               true,  286, 15,  false, true, Fit::kInside},
    {"footer",          "",                           false, 286, 15,  false, true, Fit::kInside},
    {"primaryLogo",     "",                           true,  126, 30,  false, false, Fit::kInside},
    {"secondaryLogo",   "",                           true,  135, 12,  false, false, Fit::kInside},
    {"artwork",         "",                           true,  358, 448, true,  false, Fit::kCover},
    {"personalizationLogo", "",                       true,  0,   0,   false, false, Fit::kInside},
};

constexpr BarcodeFormat kBarcodeFormatRows[] = {
    // name                     legacy from_ios27 square on_watch
    {"PKBarcodeFormatQR",       true,  false,     true,  true},
    {"PKBarcodeFormatPDF417",   true,  false,     false, true},
    {"PKBarcodeFormatAztec",    true,  false,     true,  true},
    {"PKBarcodeFormatCode128",  false, false,     false, false},
    {"PKBarcodeFormatCode39",   false, true,      false, true},
    {"PKBarcodeFormatCodabar",  false, true,      false, true},
    {"PKBarcodeFormatEAN13",    false, true,      false, true},
    {"PKBarcodeFormatI2of5",    false, true,      false, true},
};

constexpr FieldLimit kFieldLimits[] = {
    {"headerFields",    "",                           3},
    {"primaryFields",   "boardingPass",               2},
    {"primaryFields",   "",                           1},
    {"secondaryFields", "",                           4},
    {"auxiliaryFields", "boardingPass",               5},
    {"auxiliaryFields", "eventTicket",                8},
    {"auxiliaryFields", "",                           4},
};
// clang-format on

// Whether the " "-separated list `styles` names `style`.
bool Names(std::string_view styles, std::string_view style) {
  for (size_t at = 0; at <= styles.size();) {
    const size_t end = std::min(styles.find(' ', at), styles.size());
    if (styles.substr(at, end - at) == style) return true;
    at = end + 1;
  }
  return false;
}

// The first row of `rows` for `key` whose styles name `style`, else its "" row.
template <typename Row, size_t N, typename KeyOf>
const Row* ForStyle(const Row (&rows)[N], std::string_view key, std::string_view style, KeyOf key_of) {
  for (const Row& row : rows) {
    if (key_of(row) == key && (row.styles.empty() || (!style.empty() && Names(row.styles, style)))) return &row;
  }
  return nullptr;
}

}  // namespace

std::span<const Image> Images() { return kImageRows; }

std::span<const BarcodeFormat> BarcodeFormats() { return kBarcodeFormatRows; }

const BarcodeFormat* FindBarcodeFormat(std::string_view name) {
  const auto it = std::find_if(std::begin(kBarcodeFormatRows), std::end(kBarcodeFormatRows),
                               [&](const BarcodeFormat& row) { return row.name == name; });
  return it == std::end(kBarcodeFormatRows) ? nullptr : &*it;
}

const Image* FindImage(std::string_view type, std::string_view style) {
  return ForStyle(kImageRows, type, style, [](const Image& row) { return row.type; });
}

size_t FieldsShown(std::string_view group, std::string_view style) {
  const FieldLimit* row = ForStyle(kFieldLimits, group, style, [](const FieldLimit& r) { return r.group; });
  return row != nullptr ? row->most : SIZE_MAX;
}

std::string_view StyleOf(const rapidjson::Value& pass_json) {
  for (std::string_view style : StyleKeys()) {
    if (Member(pass_json, style) != nullptr) return style;
  }
  return {};
}

std::span<const std::string_view> StyleKeys() { return TheIndex().styles; }
std::span<const std::string_view> FieldDictionaryKeys() { return TheIndex().field_dicts; }
std::span<const std::string_view> FieldGroups() { return TheIndex().groups; }

}  // namespace pkpass::schema
