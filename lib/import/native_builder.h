// NativeBuilder: what every importer writes through. It makes the native overrides document one
// value at a time and remembers, for each, the payload value it was made from, so that problems
// found later point where the user wrote them (ImportedPayload::PointIntoPayload). It also answers
// the importers' questions about the model and reads the loosely typed values vendors accept
// ("42.36" for a latitude, "True" for a flag).
#ifndef PKPASS_IMPORT_NATIVE_BUILDER_H_
#define PKPASS_IMPORT_NATIVE_BUILDER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model_impl.h"
#include "overrides/overrides.h"
#include "pkpass/diagnostic.h"
#include "pkpass/import.h"
#include "util/json.h"
#include "util/json_pointer.h"

namespace pkpass {

class NativeBuilder {
 public:
  using Value = rapidjson::Value;

  // `model` may be null (no model given); `format` names the payload format in model.json's
  // "payloadFields". The payload is the file "overrides", with JSON pointers; with `file` it is
  // that file, and a place given as JsonPointer().Child("7:3") is reported as "7:3" (a CSV's
  // line and column).
  NativeBuilder(const Model::Impl* model, std::string_view format, Diagnostics& diags,
                std::string file = "");

  // What an import may write in all, the document and the record of where each value came from:
  // checked as it goes, so a payload that repeats a long text for every language (Passcreator's
  // localizedRelevantText) is stopped at this, never grown to its full size. Past it every write
  // is an empty value and Finish reports json-too-large.
  static constexpr size_t kMaxWrittenBytes = 4 * kMaxOverridesBytes;

  rapidjson::Document::AllocatorType& alloc() { return doc_.GetAllocator(); }
  Value String(std::string_view s) {
    if (!Charge(s.size())) return Value(rapidjson::kStringType);
    return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc());
  }
  Value Copy(const Value& v);

  // Sets the top-level `key`, made from the payload's value at `from` (`copied`: the value is
  // the payload's own, so pointers below it carry over).
  void Set(std::string_view key, Value value, const JsonPointer& from, bool copied = false);
  // Sets `key` of the top-level object `object` ("barcode", "userInfo").
  void SetIn(std::string_view object, std::string_view key, Value value, const JsonPointer& from,
             bool copied = false);
  // Appends to the top-level array `array` ("locations", "beacons", "barcodes"); returns the
  // element's pointer, for Record.
  JsonPointer Append(std::string_view array, Value value, const JsonPointer& from);
  // Notes that the native value at `native` came from the payload's value at `from`.
  void Record(const JsonPointer& native, const JsonPointer& from, bool copied = false);

  // Returns the field key the payload's name `name` stands for: model.json's "payloadFields"
  // mapping, else `name` itself.
  std::string MappedKey(std::string_view name) const;

  // Starts the "fields" entry for the payload's name `name`, mapped through model.json's
  // "payloadFields"; returns its index. A second entry for one field key is refused here.
  std::optional<size_t> Field(std::string_view name, const JsonPointer& from);
  // Sets the attribute `attr` of field entry `index`.
  void FieldSet(size_t index, std::string_view attr, Value value, const JsonPointer& from);

  // Sets the value of field entry `index` to the payload's `value`: a string holding a number
  // becomes that number when the model's field is numeric (a number value, numberStyle or
  // currencyCode), as the vendors' "Numeric" values are.
  void FieldValue(size_t index, const Value& value, const JsonPointer& from);

  // Adds an image of `type` from `url`; the model's images of other types stay in the pass.
  void Image(std::string_view type, std::string_view url, const JsonPointer& from);
  // Adds `language`'s image of `type` from `url`, and its string `key` = `text`.
  void LocalizedImage(std::string_view language, std::string_view type, std::string_view url,
                      const JsonPointer& from);
  void LocalizedString(std::string_view language, std::string_view key, std::string_view text,
                       const JsonPointer& from);

  // The model's field with `key` (after mapping), or null; `group` gets its field group.
  const Value* ModelField(std::string_view key, std::string* group = nullptr) const;
  const Model::Impl* model() const { return model_; }

  // Loose values: a number or a string holding one; a whole number in [min, max]; true/false or
  // "true"/"false" in any case. Each reports import-value-invalid at `from` and returns nullopt
  // when the value is not one.
  std::optional<double> Number(const Value& v, const JsonPointer& from, std::string_view what);
  std::optional<int64_t> Integer(const Value& v, const JsonPointer& from, int64_t min, int64_t max,
                                 std::string_view what);
  std::optional<bool> Bool(const Value& v, const JsonPointer& from, std::string_view what);
  // A string (reported otherwise).
  std::optional<std::string_view> Text(const Value& v, const JsonPointer& from, std::string_view what);

  void Error(std::string_view code, const JsonPointer& from, std::string message);
  void Warning(std::string_view code, const JsonPointer& from, std::string message);
  // import-key-ignored: a payload key with no place in an Apple Wallet pass, and why.
  void Ignored(const JsonPointer& from, std::string why);
  // import-key-unknown: a key the vendor's API does not have.
  void Unknown(const JsonPointer& from, std::string_view where);

  // How this vendor writes dates (ImportedPayload::DateForm), for the build's messages.
  void SetDateForm(ImportedPayload::DateForm dates) { dates_ = std::move(dates); }

  // Returns the overrides and their origins.
  ImportedPayload Finish();

 private:
  Value& Top(std::string_view key, rapidjson::Type type);
  // Counts `bytes` more written; false once past kMaxWrittenBytes.
  bool Charge(size_t bytes) {
    written_ += bytes;
    return written_ <= kMaxWrittenBytes;
  }
  // The object of "localizations" for `language`, made (from `from`) the first time.
  Value& Language(std::string_view language, const JsonPointer& from);

  // How a place in the payload is reported.
  std::string Where(const JsonPointer& from) const;

  const Model::Impl* model_;
  std::string file_;  // "" for "overrides"
  const std::map<std::string, std::string, std::less<>>* names_ = nullptr;  // payloadFields
  Diagnostics& diags_;
  rapidjson::Document doc_;
  std::map<std::string, ImportedPayload::Origin> origins_;
  std::map<std::string, size_t, std::less<>> field_entries_;  // field key -> entry index
  struct ModelFieldAt {
    const Value* field;
    std::string group;
  };
  std::map<std::string, ModelFieldAt, std::less<>> model_fields_;  // by key, the first of each
  std::map<std::string, rapidjson::SizeType, std::less<>> languages_;  // -> index in "localizations"
  // (language, key) -> index of the member in that language's "strings"
  std::map<std::pair<std::string, std::string>, rapidjson::SizeType> localized_strings_;
  struct UrlImage {
    std::string type, url;
    JsonPointer from;
  };
  std::vector<UrlImage> images_;
  size_t written_ = 0;  // Charge
  ImportedPayload::DateForm dates_;
};

}  // namespace pkpass

#endif  // PKPASS_IMPORT_NATIVE_BUILDER_H_
