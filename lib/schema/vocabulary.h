// The pass vocabulary: every key Apple documents for pass.json and its nested dictionaries, for
// personalization.json, and the keys of the overrides document, in one constexpr table
// (vocabulary.cc). Overrides typing, resolution, dynamicFields, validation and the pass.json
// writer ask this table; none of them keeps a list of keys of its own. Adding a key is one row.
#ifndef PKPASS_SCHEMA_VOCABULARY_H_
#define PKPASS_SCHEMA_VOCABULARY_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "util/json.h"

namespace pkpass::schema {

// The dictionary a key lives in.
enum class Dict : uint8_t {
  kNone,               // not a dictionary of the vocabulary: a scalar, or free-form (userInfo)
  kPass,               // pass.json's top level
  kStyle,              // a style dictionary: boardingPass ... storeCard, posterGeneric
  kField,              // a field dictionary
  kBarcode,            // an entry of barcodes, or the legacy barcode
  kNfc,                // nfc
  kLocation,           // an entry of locations
  kBeacon,             // an entry of beacons
  kRelevantDate,       // an entry of relevantDates
  kFeaturedAction,     // an entry of featuredActions
  kSemantics,          // semantic tags: of the pass, of a field, of an upcoming event
  kSeat,               // SemanticTagType.Seat
  kPersonName,         // SemanticTagType.PersonNameComponents
  kCurrencyAmount,     // SemanticTagType.CurrencyAmount
  kSemanticLocation,   // SemanticTagType.Location
  kEventDateInfo,      // SemanticTagType.EventDateInfo
  kWifiNetwork,        // SemanticTagType.WifiNetwork
  kAirPlayDevice,      // an entry of the airplay semantic tag
  kUpcoming,           // an entry of upcomingPassInformation
  kUpcomingDate,       // its dateInformation
  kUpcomingImages,     // its images
  kUpcomingImage,      // one of those images
  kImageUrl,           // one URL of such an image
  kUpcomingUrls,       // its URLs
  kPersonalization,    // personalization.json
  kOverrides,          // the overrides document's own keys (Pass2U's create-pass payload)
  kFieldOverride,      // an entry of the overrides' fields: what it does besides attributes
};

// What a key's value must be beyond its JSON type.
enum class Format : uint8_t {
  kAny,
  kDate,            // a W3C date with a time zone (Apple's pass format reference)
  kColor,           // rgb(r, g, b), #rrggbb or #rgb
  kUrl,             // an absolute http or https URL
  kCurrencyCode,    // ISO 4217: three capital letters
  kEnum,            // one of the row's values (for an array: each element)
  kStyleKey,        // a style key: a pass has exactly one
  kCompanionStyle,  // posterGeneric: a style that may accompany a style key
  kNonNegative,     // a number that is zero or more (a distance)
};

// Whether a key is required where it lives. A required key whose override is not kNo may be
// left to each pass's overrides: a model validated alone may lack it (a warning).
enum class Need : uint8_t {
  kOptional,
  kRequired,  // the dictionary is incomplete without it
};

// Who checks a value. The validator's table walk (validate/dictionary.h) checks what the row says:
enum class Check : uint8_t {
  kTable,    // all of it: type, length, format or values, required keys, nested dictionaries
  kContent,  // the type and length; a rule area checks the content
  kRule,     // the length; a rule area with codes of its own checks the rest
};

// How the overrides document reaches a key.
enum class Override : uint8_t {
  kNo,           // overrides may not set it
  kReplace,      // the value replaces the key of the same name
  kAttribute,    // an attribute overrides set on a matched field, on every barcode, or on nfc
  kFields,       // matched to the model's fields by key; only the given attributes change
  kBarcodeMessage,  // Pass2U's barcode {message, altText}: customises every model barcode
  kNfcAttributes,   // the given attributes of nfc change
  kImages,       // the pass's image set (Pass2U's rule: types not listed are left out)
  kTransitType,  // goes into the style dictionary
  kStatus,       // Pass2U's status: 1 normal, 2 not accessible (a voided pass)
  kNotInPass,    // a Pass2U key with no place in an Apple pass: accepted with a warning
  kTimeZone,     // the zone of the pass's local dates (resolve/local_dates.h); not in pass.json
  kLocalizations,  // the pass's own strings and images per language (resolve/localizations.h)
  kBundle,       // the .pkpasses bundle the pass belongs to (Passcreator's bundleId); not in pass.json
};

// Where a top-level key takes effect; elsewhere Wallet ignores it (Apple's pass format reference).
enum class Scope : uint8_t {
  kAnyPass,
  kPosterEventTicket,      // an eventTicket that prefers the posterEventTicket scheme
  kEventTicket,            // an eventTicket
  kSemanticBoardingPass,   // a boardingPass that prefers the semanticBoardingPass scheme
  kPosterGeneric,          // a pass with posterGeneric
};

struct Key {
  Dict dict = Dict::kNone;  // where the key lives
  std::string_view name;
  unsigned types = 0;       // JsonTypes of the value
  std::string_view since;   // the iOS release that introduced it; "" when Apple does not say
  Dict value_dict = Dict::kNone;  // the dictionary of an object value, or of an array's objects
  unsigned items = 0;       // JsonTypes of an array's elements; 0: not checked here
  Format format = Format::kAny;
  std::span<const std::string_view> values;  // kEnum's spellings
  uint32_t max_chars = 0;   // Apple's or Pass2U's limit; 0: none
  Need need = Need::kOptional;
  std::string_view missing;  // the code when a required key is absent; "": required-key-missing
  Check check = Check::kTable;
  Override override = Override::kNo;
  Scope scope = Scope::kAnyPass;

  // Builders, so that a row reads as one line: Row(...).Max(35).Set(Override::kReplace).
  constexpr Key In(Dict d) const { Key k = *this; k.value_dict = d; return k; }
  constexpr Key Items(unsigned t) const { Key k = *this; k.items = t; return k; }
  constexpr Key As(Format f) const { Key k = *this; k.format = f; return k; }
  constexpr Key OneOf(std::span<const std::string_view> v) const {
    Key k = *this; k.format = Format::kEnum; k.values = v; return k;
  }
  constexpr Key Max(uint32_t n) const { Key k = *this; k.max_chars = n; return k; }
  constexpr Key Needs(Need n) const { Key k = *this; k.need = n; return k; }
  constexpr Key Missing(std::string_view code) const { Key k = *this; k.missing = code; return k; }
  constexpr Key ByRule() const { Key k = *this; k.check = Check::kRule; return k; }
  constexpr Key Content() const { Key k = *this; k.check = Check::kContent; return k; }
  constexpr Key Set(Override o) const { Key k = *this; k.override = o; return k; }
  constexpr Key Only(Scope s) const { Key k = *this; k.scope = s; return k; }
};

// Returns the row of `name` in `dict`, or nullptr when the vocabulary has none.
const Key* Find(Dict dict, std::string_view name);

// Returns the rows of `dict`, in the order pass.json is written.
std::span<const Key> KeysOf(Dict dict);

// Returns the rank of `name` in `dict` in the written pass.json: its index among the dictionary's
// rows, or a number past them all for a key the dictionary has no row for (those follow in name
// order).
int Rank(Dict dict, std::string_view name);
// Returns the rank of a row of the table: Rank(key.dict, key.name).
int RankOf(const Key& key);

// Returns the key the overrides document may hold at its top level under `name`: a row of
// kOverrides, or a row of kPass or kStyle whose override is not kNo. nullptr when there is none.
const Key* FindOverride(std::string_view name);

// Returns the row of `name` among the attributes overrides may set in `dict` (kField, kBarcode,
// kNfc): rows whose override is kAttribute. nullptr when it is not one.
const Key* FindAttribute(Dict dict, std::string_view name);

// The names of the kPass rows of Format::kStyleKey (the style keys), in table order.
std::span<const std::string_view> StyleKeys();
// The style `pass_json` (an object) has: the first style key it holds, or "".
std::string_view StyleOf(const rapidjson::Value& pass_json);

// The style keys and the companion styles: every dictionary of pass.json that holds fields.
std::span<const std::string_view> FieldDictionaryKeys();
// The kStyle rows that hold fields (headerFields ... footerFields), in table order.
std::span<const std::string_view> FieldGroups();

// One image of a pass, for the styles `styles` names (" "-separated; "" for every style): its
// file name's stem, whether those styles show it, and Apple's recommended size in points (@1x;
// 0x0 when Apple gives none), exact or a bound. An image shown by some styles only has a row for
// each group of styles, and one for the rest ("" and shown false).
//
// `fit` is how an image of another shape is made to Apple's size (lib/image/derive.h): kInside
// scales it to fit within the size, keeping its shape (Wallet leaves the rest empty); kPad also
// centres it on a transparent canvas of exactly the size; kCover scales it to cover the size and
// crops the overflow evenly, as Wallet does; kInsideRatio fits within the size and pads to an
// aspect between 2:3 and 3:2, outside which Wallet crops a thumbnail.
enum class Fit { kInside, kPad, kCover, kInsideRatio };

struct Image {
  std::string_view type;    // "strip"
  std::string_view styles;  // "coupon storeCard", or "" for the styles no earlier row names
  bool shown;               // whether those styles show it
  std::uint32_t width, height;
  bool exact;
  bool by_url;  // vendors' payloads may name it by URL
  Fit fit;
};

// The rows of the image types, in table order.
std::span<const Image> Images();
// The row of image `type` for `style` (the first whose styles name it, else the type's ""
// row), or nullptr for a type no pass has.
const Image* FindImage(std::string_view type, std::string_view style);

// How many fields of a group a style shows on the front of the pass.
struct FieldLimit {
  std::string_view group;   // "auxiliaryFields"
  std::string_view styles;  // " "-separated, or "" for the styles no earlier row names
  size_t most;
};
// The most fields of `group` that `style` shows; SIZE_MAX when Apple sets no limit.
size_t FieldsShown(std::string_view group, std::string_view style);

// One barcode format, as the rules reason about it.
struct BarcodeFormat {
  std::string_view name;  // "PKBarcodeFormatQR"
  bool legacy;            // the legacy "barcode" takes it
  bool from_ios27;        // shown from iOS 27 only: an older format should follow it
  bool square;            // a square code: with it, some styles show fewer fields
  bool on_watch;          // Apple Watch shows it
};
// The row of `name`, or nullptr for a format Apple does not define. Its names are
// kBarcodeFormats, in order.
const BarcodeFormat* FindBarcodeFormat(std::string_view name);
std::span<const BarcodeFormat> BarcodeFormats();

// The spelling lists the table refers to that rule areas also reason about.
extern const std::span<const std::string_view> kBarcodeFormats;  // every barcodes format
extern const std::span<const std::string_view> kStyleSchemes;    // preferredStyleSchemes values

}  // namespace pkpass::schema

#endif  // PKPASS_SCHEMA_VOCABULARY_H_
