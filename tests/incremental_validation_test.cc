// Incremental validation (lib/validate/memo.h) gives the verdict a full validation gives: on
// 10,000 randomized override sets over every fixture model (and one whose dates are local), the
// diagnostics (codes, files,
// pointers, messages, order) and the resolved pass.json are identical with and without
// ValidateOptions::full_validation. The golden cases are compared the same way in
// golden_test.cc. The generator draws every key overrides may set, values of the right and the
// wrong types, strings a rule reads (dates with and without zones, colours, URLs, control
// characters, long text), field edits (new values, attributes, removals, new fields) and
// barcodes; the seed is fixed, so a failure names the set that shows it.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "pkpass/diagnostic.h"
#include "pkpass/image_store.h"
#include "pkpass/model.h"
#include "pkpass/overrides.h"
#include "schema/pass_fields.h"
#include "schema/vocabulary.h"
#include "testing/files.h"

namespace pkpass {
namespace {

using rapidjson::Value;

constexpr int kSets = 10000;

// Strings a rule reads something into.
const std::vector<std::string> kStrings = {
    "", "Jane Doe", "GOLD", "%@ now", "no placeholder", "2026-07-01T18:00:00Z", "2026-07-01T18:00",
    "2026-07-01T18:00[Europe/Berlin]", "2026-03-29T02:30", "2026-10-25T02:30", "2026-07-01T18:00:00+09:00[Europe/Berlin]",
    "2026-13-45", "rgb(10, 20, 30)", "#fff", "#12345G", "rgb(300, 0, 0)", "https://example.com/a", "http://x",
    "ftp://nope", "USD", "usd", "PKDateStyleShort", "PKDateStyleBogus", "PKTextAlignmentLeft", "PKBarcodeFormatQR",
    "PKBarcodeFormatPDF417", "iso-8859-1", "line\nbreak", std::string("nul\0byte", 8), "bell\a", "<b>bold</b>",
    "<a href='https://x'>x</a>", std::string(300, 'w'), "Europe/Berlin", "Nowhere/Zone", "semantic",
    "PKTransitTypeAir", "posterEventTicket", "0123456789",
};

class Generator {
 public:
  Generator(unsigned seed, const rapidjson::Value& model_pass) : rng_(seed) {
    ForEachField(model_pass, [&](const Value& field, const JsonPointer&) {
      keys_.emplace_back(FieldKey(field));
      return true;
    });
    keys_.emplace_back("notAField");
  }

  // A random overrides document.
  std::string Next() {
    rapidjson::Document doc(rapidjson::kObjectType);
    alloc_ = &doc.GetAllocator();
    if (Chance(9, 10)) doc.AddMember("serialNumber", Chance(19, 20) ? Str(Pick(kStrings)) : Any(2), *alloc_);
    if (Chance(3, 4)) doc.AddMember("fields", Fields(), *alloc_);
    if (Chance(1, 2)) doc.AddMember("barcode", Attributes(schema::Dict::kBarcode), *alloc_);
    const int extra = Chance(1, 2) ? 0 : Int(1, 4);
    for (int i = 0; i < extra; ++i) {
      const schema::Key& key = PickKey();
      if (doc.HasMember(Value(key.name.data(), static_cast<rapidjson::SizeType>(key.name.size())))) continue;
      doc.AddMember(Str(key.name), ValueFor(key), *alloc_);
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    return buffer.GetString();
  }

 private:
  bool Chance(int in, int of) { return Int(1, of) <= in; }
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <typename T>
  const T& Pick(const std::vector<T>& from) { return from[static_cast<size_t>(Int(0, static_cast<int>(from.size()) - 1))]; }
  Value Str(std::string_view s) { return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), *alloc_); }

  // A key overrides may set, or one of the pass's keys no override names.
  const schema::Key& PickKey() {
    std::vector<const schema::Key*> keys;
    for (const schema::Key& k : schema::KeysOf(schema::Dict::kPass)) {
      if (k.override != schema::Override::kNo || Chance(1, 50)) keys.push_back(&k);
    }
    for (const schema::Key& k : schema::KeysOf(schema::Dict::kOverrides)) {
      if (k.name != "images" && k.name != "localizations") keys.push_back(&k);  // need stores: golden cases
    }
    return *Pick(keys);
  }

  // A value of any type, nested `depth` levels at most.
  Value Any(int depth) {
    switch (Int(0, depth > 0 ? 6 : 4)) {
      case 0: return Str(Pick(kStrings));
      case 1: return Value(Int(-5, 70000));
      case 2: return Value(Chance(1, 2));
      case 3: return Value(Int(-90, 90) + 0.25);
      case 4: return Value(rapidjson::kNullType);
      case 5: {
        Value array(rapidjson::kArrayType);
        for (int i = Int(0, 3); i > 0; --i) array.PushBack(Any(depth - 1), *alloc_);
        return array;
      }
      default: {
        Value object(rapidjson::kObjectType);
        for (int i = Int(0, 3); i > 0; --i) {
          const schema::Key& k = PickKey();
          object.AddMember(Str(Chance(1, 2) ? k.name : std::string_view(Pick(kStrings))), Any(depth - 1), *alloc_);
        }
        return object;
      }
    }
  }

  // A value for `key`: mostly of its types, built from its dictionary when it has one.
  Value ValueFor(const schema::Key& key) {
    if (Chance(1, 10)) return Any(2);
    if (key.format == schema::Format::kEnum && !key.values.empty() && Chance(3, 4)) {
      return Str(key.values[static_cast<size_t>(Int(0, static_cast<int>(key.values.size()) - 1))]);
    }
    if ((key.types & kJsonArray) != 0 && key.value_dict != schema::Dict::kNone) {
      Value array(rapidjson::kArrayType);
      for (int i = Int(0, 3); i > 0; --i) array.PushBack(Attributes(key.value_dict), *alloc_);
      return array;
    }
    if ((key.types & kJsonObject) != 0 && key.value_dict != schema::Dict::kNone) return Attributes(key.value_dict);
    if ((key.types & kJsonString) != 0) return Str(Pick(kStrings));
    if ((key.types & kJsonBool) != 0) return Value(Chance(1, 2));
    if ((key.types & kJsonNumber) != 0) return Value(Int(-3, 70000));
    return Any(2);
  }

  // An object of attributes of `dict`, mostly right.
  Value Attributes(schema::Dict dict) {
    Value object(rapidjson::kObjectType);
    const std::span<const schema::Key> rows = schema::KeysOf(dict);
    for (int i = Int(0, 4); i > 0 && !rows.empty(); --i) {
      const schema::Key& row = rows[static_cast<size_t>(Int(0, static_cast<int>(rows.size()) - 1))];
      if (object.HasMember(Value(row.name.data(), static_cast<rapidjson::SizeType>(row.name.size())))) continue;
      object.AddMember(Str(row.name), row.value_dict == dict ? Any(1) : ValueFor(row), *alloc_);
    }
    return object;
  }

  // Entries of "fields": edits of the model's fields, removals, new fields, and mistakes.
  Value Fields() {
    Value fields(rapidjson::kArrayType);
    for (int i = Int(0, 3); i > 0; --i) {
      Value entry = Chance(1, 2) ? Attributes(schema::Dict::kField) : Value(rapidjson::kObjectType);
      entry.RemoveMember("key");
      if (Chance(19, 20)) entry.AddMember("key", Str(Pick(keys_)), *alloc_);
      switch (Int(0, 15)) {
        case 0: entry.AddMember("remove", Value(true), *alloc_); break;
        case 1: entry.AddMember("hideEmpty", Value(true), *alloc_); break;
        case 2: {
          Value list(rapidjson::kArrayType);
          list.PushBack(Str(Pick(std::vector<std::string>{"label", "changeMessage", "value", "dateStyle", "row"})), *alloc_);
          entry.AddMember("removeAttributes", list, *alloc_);
          break;
        }
        case 3:
          entry.AddMember("area", Str(Pick(std::vector<std::string>{"backFields", "auxiliaryFields", "headerFields"})), *alloc_);
          break;
        default: break;
      }
      if (entry.HasMember("value") || Chance(1, 2)) {
        entry.RemoveMember("value");
        entry.AddMember("value", Chance(9, 10) ? Str(Pick(kStrings)) : Any(1), *alloc_);
      }
      fields.PushBack(entry, *alloc_);
    }
    return fields;
  }

  std::mt19937 rng_;
  std::vector<std::string> keys_;  // the model's field keys, and one it lacks
  rapidjson::Document::AllocatorType* alloc_ = nullptr;
};

// `pass_json` with its barcode and NFC messages blanked: models that generate them draw new
// ones for every pass.
std::string WithoutMessages(const std::string& pass_json) {
  rapidjson::Document doc;
  doc.Parse(pass_json.c_str());
  if (!doc.IsObject()) return pass_json;
  auto blank = [](Value& holder) {
    if (holder.IsObject() && holder.HasMember("message")) holder["message"] = "";
  };
  if (doc.HasMember("barcodes") && doc["barcodes"].IsArray()) {
    for (Value& barcode : doc["barcodes"].GetArray()) blank(barcode);
  }
  if (doc.HasMember("barcode")) blank(doc["barcode"]);
  if (doc.HasMember("nfc")) blank(doc["nfc"]);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  return buffer.GetString();
}

// The verdict of resolving `overrides`: the status, the diagnostics as JSON, and pass.json.
std::string Verdict(const Model& model, const std::string& overrides, const ImageStore& images, bool full) {
  Diagnostics diags;
  Result<ParsedOverrides> parsed = ParsedOverrides::Parse(overrides, diags);
  if (!parsed.ok()) return "unparsed: " + FormatJson(diags);
  ValidateOptions options{.image_store = &images, .full_validation = full};
  Result<std::string> resolved = model.Resolve(*parsed, options, diags);
  return (resolved.ok() ? WithoutMessages(*resolved) : resolved.status().ToString()) + "\n" + FormatJson(diags);
}

// Every fixture model's files by name, and one more whose own dates are local, in its zone: the
// dates a pass leaves alone are then rewritten too.
std::vector<std::pair<std::string, std::map<std::string, std::string>>> Models() {
  std::vector<std::pair<std::string, std::map<std::string, std::string>>> models;
  for (const auto& entry : std::filesystem::directory_iterator(testing::FixturesDir() + "/models")) {
    Diagnostics diags;
    Result<std::map<std::string, std::string>> files = ReadModelFolder(entry.path().string(), diags);
    if (files.ok()) models.emplace_back(entry.path().filename().string(), std::move(*files));
  }
  std::sort(models.begin(), models.end());
  for (auto [name, files] : std::vector(models)) {
    if (name != "concert.pass") continue;
    std::string& pass = files["pass.json"];
    const std::string offset = "2026-06-01T19:00:00+02:00";
    pass.replace(pass.find(offset), offset.size(), "2026-06-01T19:00");
    pass.insert(pass.find('{') + 1, "\"relevantDate\": \"2026-06-01T18:00\", ");
    models.emplace_back("concert.pass with local dates", std::move(files));
  }
  return models;
}

TEST(IncrementalValidationTest, RandomizedOverridesGiveTheFullVerdict) {
  const auto models = Models();
  ASSERT_GE(models.size(), 10u);
  ASSERT_EQ(models.back().first, "concert.pass with local dates");
  const DirectoryImageStore images(testing::FixturesDir() + "/images");
  int compared = 0, refused = 0;
  for (size_t m = 0; m < models.size(); ++m) {
    const auto& [name, files] = models[m];
    Diagnostics load;
    Result<Model> model = Model::FromFiles(files, load);
    if (!model.ok()) continue;  // a model refused as a whole has no passes
    rapidjson::Document pass;
    pass.Parse(files.at("pass.json").c_str());
    ASSERT_TRUE(pass.IsObject()) << name;
    Generator generate(static_cast<unsigned>(m + 1), pass);
    const int sets = kSets / static_cast<int>(models.size()) + (m < kSets % models.size() ? 1 : 0);
    for (int i = 0; i < sets; ++i) {
      const std::string overrides = generate.Next();
      const std::string full = Verdict(*model, overrides, images, true);
      ASSERT_EQ(Verdict(*model, overrides, images, false), full) << name << " with " << overrides;
      ++compared;
      if (full.find("\"severity\":\"error\"") != std::string::npos) ++refused;
    }
  }
  EXPECT_EQ(compared, kSets);
  // Both verdicts occur often: the sets reach the rules that refuse, and the passes that pass.
  EXPECT_GT(refused, kSets / 10) << refused;
  EXPECT_LT(refused, kSets * 9 / 10) << refused;
}

}  // namespace
}  // namespace pkpass
