#include "import/native_builder.h"

#include "import/importers.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>
#include <vector>

#include "model/model_paths.h"
#include "overrides/overrides.h"
#include "overrides/parsed_overrides.h"
#include "pkpass/diagnostic_codes.h"
#include "schema/pass_fields.h"

namespace pkpass {

NativeBuilder::NativeBuilder(const Model::Impl* model, std::string_view format, Diagnostics& diags,
                             std::string file)
    : model_(model), file_(std::move(file)), diags_(diags) {
  doc_.SetObject();
  if (model_ == nullptr) return;
  auto names = model_->config.payload_fields.find(format);
  if (names != model_->config.payload_fields.end()) names_ = &names->second;
  ForEachField(model_->pass_json, [&](const Value& field, const JsonPointer& at) {
    // at is /<style>/<group>/<index>
    const std::string& text = at.str();
    const size_t a = text.find('/', 1), b = text.rfind('/');
    model_fields_.try_emplace(std::string(FieldKey(field)), ModelFieldAt{&field, text.substr(a + 1, b - a - 1)});
    return true;
  });
}

NativeBuilder::Value& NativeBuilder::Top(std::string_view key, rapidjson::Type type) {
  Value* existing = Member(doc_, key);
  if (existing == nullptr) {
    doc_.AddMember(String(key), Value(type), alloc());
    return *Member(doc_, key);
  }
  if (existing->GetType() != type) *existing = Value(type);
  return *existing;
}

std::string NativeBuilder::Where(const JsonPointer& from) const {
  return file_.empty() || from.str().empty() ? from.str() : from.str().substr(1);
}

NativeBuilder::Value NativeBuilder::Copy(const Value& v) {
  // The value's size, counted without recursion: its strings and a few bytes a value.
  size_t bytes = 0;
  std::vector<const Value*> stack = {&v};
  while (!stack.empty() && bytes <= kMaxWrittenBytes) {
    const Value* top = stack.back();
    stack.pop_back();
    bytes += 8;
    if (top->IsString()) bytes += top->GetStringLength();
    if (top->IsArray()) {
      for (const Value& item : top->GetArray()) stack.push_back(&item);
    } else if (top->IsObject()) {
      for (const auto& m : top->GetObject()) {
        bytes += m.name.GetStringLength();
        stack.push_back(&m.value);
      }
    }
  }
  if (!Charge(bytes)) return Value();
  return Value(v, alloc());
}

void NativeBuilder::Record(const JsonPointer& native, const JsonPointer& from, bool copied) {
  if (!Charge(native.str().size() + from.str().size() + file_.size())) return;
  origins_[native.str()] = {Where(from), copied, file_};
}

void NativeBuilder::Set(std::string_view key, Value value, const JsonPointer& from, bool copied) {
  Value* existing = Member(doc_, key);
  if (existing != nullptr) {
    *existing = std::move(value);
  } else {
    doc_.AddMember(String(key), std::move(value), alloc());
  }
  Record(JsonPointer().Child(key), from, copied);
}

void NativeBuilder::SetIn(std::string_view object, std::string_view key, Value value,
                          const JsonPointer& from, bool copied) {
  Value& target = Top(object, rapidjson::kObjectType);
  if (Value* existing = Member(target, key)) {
    *existing = std::move(value);
  } else {
    target.AddMember(String(key), std::move(value), alloc());
  }
  Record(JsonPointer().Child(object).Child(key), from, copied);
}

JsonPointer NativeBuilder::Append(std::string_view array, Value value, const JsonPointer& from) {
  Value& target = Top(array, rapidjson::kArrayType);
  target.PushBack(std::move(value), alloc());
  const JsonPointer at = JsonPointer().Child(array).Child(target.Size() - 1);
  Record(at, from);
  return at;
}

std::string NativeBuilder::MappedKey(std::string_view name) const {
  if (names_ != nullptr) {
    if (auto mapped = names_->find(name); mapped != names_->end()) return mapped->second;
  }
  return std::string(name);
}

std::optional<size_t> NativeBuilder::Field(std::string_view name, const JsonPointer& from) {
  const std::string key = MappedKey(name);
  Value& fields = Top("fields", rapidjson::kArrayType);
  if (!field_entries_.emplace(key, fields.Size()).second) {
    Error(codes::kFieldKeyDuplicate, from,
          "another value of this payload is already the field \"" + key + "\"");
    return std::nullopt;
  }
  Value entry(rapidjson::kObjectType);
  entry.AddMember("key", String(key), alloc());
  fields.PushBack(std::move(entry), alloc());
  Record(JsonPointer().Child("fields").Child(fields.Size() - 1), from);
  return fields.Size() - 1;
}

void NativeBuilder::FieldSet(size_t index, std::string_view attr, Value value, const JsonPointer& from) {
  Value& entry = (*Member(doc_, "fields"))[static_cast<rapidjson::SizeType>(index)];
  if (Value* existing = Member(entry, attr)) {
    *existing = std::move(value);
  } else {
    entry.AddMember(String(attr), std::move(value), alloc());
  }
  Record(JsonPointer().Child("fields").Child(index).Child(attr), from);
}

void NativeBuilder::FieldValue(size_t index, const Value& value, const JsonPointer& from) {
  const Value& entry = (*Member(doc_, "fields"))[static_cast<rapidjson::SizeType>(index)];
  const Value* field = ModelField(FieldKey(entry));
  const bool numeric = field != nullptr && ((Member(*field, "value") != nullptr && (*Member(*field, "value")).IsNumber()) ||
                                            Member(*field, "numberStyle") != nullptr ||
                                            Member(*field, "currencyCode") != nullptr);
  if (numeric && value.IsString()) {
    const std::string text(StringOf(value));
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    const bool plain = !text.empty() && text.find_first_not_of("0123456789.-") == std::string::npos;
    if (plain && end == text.c_str() + text.size() && std::isfinite(d)) {
      const bool whole = d == std::floor(d) && std::fabs(d) < 1e15;
      FieldSet(index, "value", whole ? Value(static_cast<int64_t>(d)) : Value(d), from);
      return;
    }
    // Wallet formats such a field's value as a number: text cannot be shown by that style, and
    // the problem is the payload's value, not the model.
    const Value* currency = Member(*field, "currencyCode");
    if (currency != nullptr || Member(*field, "numberStyle") != nullptr) {
      Error(codes::kImportValueInvalid, from,
            "\"" + text + "\" is not a number, and the model shows the field \"" + std::string(FieldKey(entry)) +
                "\" as " +
                (currency != nullptr && currency->IsString()
                     ? "an amount of " + std::string(StringOf(*currency)) + ": write the amount alone, such as 10.00"
                     : "a number (numberStyle): write digits alone, such as 7"));
      return;
    }
  }
  FieldSet(index, "value", Copy(value), from);
}

void NativeBuilder::Image(std::string_view type, std::string_view url, const JsonPointer& from) {
  for (const UrlImage& image : images_) {
    if (image.type == type) {
      Error(codes::kImageDuplicate, from, "the " + std::string(type) + " image is given twice");
      return;
    }
  }
  images_.push_back({std::string(type), std::string(url), from});
}

NativeBuilder::Value& NativeBuilder::Language(std::string_view language, const JsonPointer& from) {
  Value& localizations = Top("localizations", rapidjson::kObjectType);
  const auto [index, added] = languages_.try_emplace(std::string(language), localizations.MemberCount());
  if (added) {
    localizations.AddMember(String(language), Value(rapidjson::kObjectType), alloc());
    Record(JsonPointer().Child("localizations").Child(language), from);
  }
  return localizations.MemberBegin()[index->second].value;
}

void NativeBuilder::LocalizedImage(std::string_view language, std::string_view type,
                                   std::string_view url, const JsonPointer& from) {
  Value& folder = Language(language, from);
  if (Member(folder, "images") == nullptr) folder.AddMember("images", Value(rapidjson::kArrayType), alloc());
  Value& images = *Member(folder, "images");
  Value entry(rapidjson::kObjectType);
  entry.AddMember("type", String(type), alloc());
  entry.AddMember("url", String(url), alloc());
  images.PushBack(std::move(entry), alloc());
  Record(JsonPointer().Child("localizations").Child(language).Child("images").Child(images.Size() - 1), from);
}

void NativeBuilder::LocalizedString(std::string_view language, std::string_view key,
                                    std::string_view text, const JsonPointer& from) {
  if (!Charge(language.size() + key.size())) return;  // the index's copy
  Value& folder = Language(language, from);
  if (Member(folder, "strings") == nullptr) folder.AddMember("strings", Value(rapidjson::kObjectType), alloc());
  Value& strings = *Member(folder, "strings");
  const auto [index, added] =
      localized_strings_.try_emplace({std::string(language), std::string(key)}, strings.MemberCount());
  if (added) {
    strings.AddMember(String(key), String(text), alloc());
  } else {
    strings.MemberBegin()[index->second].value = String(text);
  }
  const JsonPointer at = JsonPointer().Child("localizations").Child(language).Child("strings");
  Record(at, from);
  Record(at.Child(key), from);
}

const NativeBuilder::Value* NativeBuilder::ModelField(std::string_view key, std::string* group) const {
  auto found = model_fields_.find(key);
  if (found == model_fields_.end()) return nullptr;
  if (group != nullptr) *group = found->second.group;
  return found->second.field;
}

std::optional<double> NativeBuilder::Number(const Value& v, const JsonPointer& from, std::string_view what) {
  if (v.IsNumber()) return v.GetDouble();
  if (v.IsString()) {
    const std::string text(StringOf(v));
    const bool plain = !text.empty() && text.find_first_not_of("0123456789.-+eE") == std::string::npos;
    char* end = nullptr;
    errno = 0;
    const double d = plain ? std::strtod(text.c_str(), &end) : 0;
    if (plain && errno == 0 && end == text.c_str() + text.size() && std::isfinite(d)) return d;
  }
  Error(codes::kImportValueInvalid, from, std::string(what) + " must be a number, or a string holding one");
  return std::nullopt;
}

std::optional<int64_t> NativeBuilder::Integer(const Value& v, const JsonPointer& from, int64_t min,
                                              int64_t max, std::string_view what) {
  std::optional<int64_t> n;
  if (v.IsInt64()) {
    n = v.GetInt64();
  } else if (v.IsString()) {
    const std::string_view text = StringOf(v);
    if (!text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string_view::npos) {
      n = std::strtoll(std::string(text).c_str(), nullptr, 10);
    }
  }
  if (n && *n >= min && *n <= max) return n;
  Error(codes::kImportValueInvalid, from,
        std::string(what) + " must be a whole number from " + std::to_string(min) + " to " +
            std::to_string(max) + (n ? ", not " + std::to_string(*n) : ""));
  return std::nullopt;
}

std::optional<bool> NativeBuilder::Bool(const Value& v, const JsonPointer& from, std::string_view what) {
  if (v.IsBool()) return v.GetBool();
  if (v.IsString()) {
    std::string text(StringOf(v));
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (text == "true") return true;
    if (text == "false") return false;
  }
  Error(codes::kImportValueInvalid, from, std::string(what) + " must be true or false");
  return std::nullopt;
}

std::optional<std::string_view> NativeBuilder::Text(const Value& v, const JsonPointer& from,
                                                    std::string_view what) {
  if (v.IsString()) return StringOf(v);
  Error(codes::kImportValueInvalid, from,
        std::string(what) + " must be a string, not " + std::string(JsonTypeName(v)));
  return std::nullopt;
}

void NativeBuilder::Error(std::string_view code, const JsonPointer& from, std::string message) {
  diags_.Error(code, file_.empty() ? std::string(kOverridesFile) : file_, Where(from), std::move(message));
}

void NativeBuilder::Warning(std::string_view code, const JsonPointer& from, std::string message) {
  diags_.Warning(code, file_.empty() ? std::string(kOverridesFile) : file_, Where(from), std::move(message));
}

void NativeBuilder::Ignored(const JsonPointer& from, std::string why) {
  Warning(codes::kImportKeyIgnored, from, std::move(why) + "; left out");
}

void NativeBuilder::Unknown(const JsonPointer& from, std::string_view where) {
  Error(codes::kImportKeyUnknown, from, "the " + std::string(where) + " has no such key");
}

ImportedPayload NativeBuilder::Finish() {
  if (!images_.empty()) {
    // Pass2U's rule makes "images" the whole set: list the model's other types to keep them.
    Value images(rapidjson::kArrayType);
    std::set<std::string, std::less<>> given;
    for (const UrlImage& image : images_) given.insert(image.type);
    if (model_ == nullptr) {
      Warning(codes::kImportNeedsModel, images_.front().from,
              "without the model, its images of other types cannot be kept beside this one");
    } else {
      std::set<std::string, std::less<>> kept;
      for (const auto& [path, file] : model_->files) {
        std::string_view base;
        if (ParseImageName(std::string_view(path).substr(path.rfind('/') + 1), &base) &&
            !given.contains(base)) {
          kept.emplace(base);
        }
      }
      for (const std::string& type : kept) {
        Value entry(rapidjson::kObjectType);
        entry.AddMember("type", String(type), alloc());
        images.PushBack(std::move(entry), alloc());
      }
    }
    for (const UrlImage& image : images_) {
      Value entry(rapidjson::kObjectType);
      entry.AddMember("type", String(image.type), alloc());
      entry.AddMember("url", String(image.url), alloc());
      images.PushBack(std::move(entry), alloc());
      Record(JsonPointer().Child("images").Child(images.Size() - 1), image.from);
    }
    doc_.AddMember("images", std::move(images), alloc());
  }
  if (written_ > kMaxWrittenBytes) {
    // What was written is cut short: the overrides are only an empty object, and refused.
    diags_.Error(codes::kJsonTooLarge, file_.empty() ? std::string(kOverridesFile) : file_, "",
                 "the payload makes more than " + std::to_string(kMaxWrittenBytes) +
                     " bytes of native overrides (a text repeated for every language?); the "
                     "overrides may be at most " + std::to_string(kMaxOverridesBytes));
    return ImportedPayload("{}", {});
  }
  ImportedPayload::Origins origins(origins_.begin(), origins_.end());
  std::string text = WriteJson(doc_);
  auto document = std::make_shared<ParsedOverrides::Impl>();
  document->doc = std::move(doc_);  // with the allocator that holds its values
  return ImportedPayload(std::move(text), std::move(document), std::move(origins), std::move(dates_));
}

std::string_view UrlImageType(std::string_view name, std::string_view suffix) {
  if (!name.ends_with(suffix)) return "";
  name.remove_suffix(suffix.size());
  for (const schema::Image& image : schema::Images()) {
    if (image.by_url && image.type == name) return image.type;
  }
  return "";
}

}  // namespace pkpass
