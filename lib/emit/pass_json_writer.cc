#include "emit/pass_json_writer.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <climits>
#include <span>
#include <vector>

#include "schema/vocabulary.h"

namespace pkpass {
namespace {

using Writer = JsonWriter;

// Writes `v`, a value of dictionary `dict` when it is an object (or of an array of them): its
// keys in the table's order (schema::Rank), keys without a row after them in name order. Free-form
// values (userInfo, unknown keys) are dictionary kNone: their keys go in name order. The depth is
// bounded by kMaxJsonDepth, which every parsed document keeps.
void WriteValue(const rapidjson::Value& v, schema::Dict dict, Writer& w) {
  if (v.IsObject()) {
    struct Entry {
      int rank;
      std::string_view key;
      const rapidjson::Value* value;
      schema::Dict dict;
    };
    // On the stack for the few members a dictionary of a pass has; on the heap past that.
    constexpr size_t kOnStack = 32;
    std::array<Entry, kOnStack> small;  // left uninitialised: the first n are set below
    std::vector<Entry> large;
    if (v.MemberCount() > kOnStack) large.resize(v.MemberCount());
    const std::span<Entry> entries = large.empty() ? std::span<Entry>(small.data(), v.MemberCount())
                                                   : std::span<Entry>(large);
    size_t n = 0;
    for (const auto& m : v.GetObject()) {
      const std::string_view key = StringOf(m.name);
      const schema::Key* row = dict == schema::Dict::kNone ? nullptr : schema::Find(dict, key);
      entries[n++] = {row == nullptr ? INT_MAX : schema::RankOf(*row), key, &m.value,
                      row == nullptr ? schema::Dict::kNone : row->value_dict};
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return a.rank != b.rank ? a.rank < b.rank : a.key < b.key;
    });
    w.StartObject();
    for (const Entry& e : entries) {
      w.Key(e.key.data(), static_cast<rapidjson::SizeType>(e.key.size()));
      WriteValue(*e.value, e.dict, w);
    }
    w.EndObject();
  } else if (v.IsArray()) {
    w.StartArray();
    for (const auto& item : v.GetArray()) WriteValue(item, dict, w);
    w.EndArray();
  } else {
    v.Accept(w);  // a scalar: no recursion
  }
}

}  // namespace

std::string WritePassJson(const rapidjson::Value& pass, size_t size_hint) {
  rapidjson::StringBuffer buffer(nullptr, size_hint + size_hint / 4 + 256);
  Writer writer(buffer);
  WriteValue(pass, schema::Dict::kPass, writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace pkpass
