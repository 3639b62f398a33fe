// Serial numbers as file names (include/pkpass/batch.h). NFKC case folding is ICU's
// (Normalizer2's NFKC_Casefold, Unicode's own mapping for caseless matching); SipHash-2-4 with a
// 64-bit output is OpenSSL's EVP_MAC "SIPHASH".
#include "pkpass/batch.h"

#if PKPASS_WITH_ICU
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#endif

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cstdint>
#include <cstring>

#include "util/compact_hash.h"
#include "util/keyed_hash.h"
#include "util/stable_hash.h"
#include "util/utf8.h"

namespace pkpass {
namespace {

// Returns whether `c` is a bidirectional formatting character: ALM, LRM, RLM, the embeddings and
// overrides, and the isolates.
bool IsBidiControl(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

#if PKPASS_WITH_ICU
// Returns the NFKC case fold of `s` in UTF-8 (`s` itself if ICU cannot fold it).
std::string Fold(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  const icu::UnicodeString folded = fold->normalize(text, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string out;
  folded.toUTF8String(out);
  return out;
}
#else
// Built without ICU: the ASCII case fold of `s` (other letters compare as written).
std::string Fold(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}
#endif

}  // namespace

std::uint32_t SerialShard(std::string_view serial, std::uint32_t shards) {
  return static_cast<std::uint32_t>(StableHash64(Fold(serial)) % shards);
}

bool ParseShard(std::string_view text, std::uint32_t& shard, std::uint32_t& shards) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  std::uint32_t k = 0, n = 0;
  const auto number = [](std::string_view digits, std::uint32_t& value) {
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return !digits.empty() && digits.front() != '+' && error == std::errc() && end == digits.data() + digits.size();
  };
  if (!number(text.substr(0, slash), k) || !number(text.substr(slash + 1), n) || n < 1 || n > kMaxShards ||
      k >= n) {
    return false;
  }
  shard = k;
  shards = n;
  return true;
}

std::string SerialFileNameProblem(std::string_view serial) {
  if (serial.empty()) return "it is empty";
  if (serial.size() > kMaxSerialBytes) {
    return "it is " + std::to_string(serial.size()) + " bytes; the limit is " +
           std::to_string(kMaxSerialBytes);
  }
  if (serial.front() == '.') return "it starts with \".\"";
  if (!IsValidUtf8(serial)) return "it is not valid UTF-8";
  for (size_t i = 0; i < serial.size();) {
    const char32_t c = DecodeUtf8(serial, i);
    if (c == '/' || c == '\\') return "it has a \"/\" or \"\\\"";
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return "it has a control character";
    if (IsBidiControl(c)) return "it has a bidirectional formatting character";
  }
  return "";
}

std::string PortableFileNameProblem(std::string_view name) {
  if (std::string problem = SerialFileNameProblem(name); !problem.empty()) return problem;
  if (name.find_first_of("<>:\"|?*") != std::string_view::npos) return "it has one of < > : \" | ? *";
  if (name.back() == '.' || name.back() == ' ') return "it ends with \".\" or a space";
  std::string stem(name.substr(0, name.find('.')));
  for (char& c : stem) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  while (!stem.empty() && stem.back() == ' ') stem.pop_back();
  const bool device = stem == "CON" || stem == "PRN" || stem == "AUX" || stem == "NUL" ||
                      (stem.size() == 4 && (stem.starts_with("COM") || stem.starts_with("LPT")) &&
                       stem[3] >= '1' && stem[3] <= '9');
  if (device) return "\"" + stem + "\" is a device on Windows";
  return "";
}

struct SerialRegistry::Impl {
  KeyedHash hash;
  CompactHashMap tags;  // SipHash of the fold -> tag

  std::uint64_t HashOf(std::string_view serial) { return hash(Fold(serial)); }
};

SerialRegistry::SerialRegistry() : impl_(std::make_unique<Impl>()) {}

SerialRegistry::~SerialRegistry() = default;

size_t SerialRegistry::Find(std::string_view serial) const {
  return impl_->tags.Find(impl_->HashOf(serial)).value_or(0);
}

size_t SerialRegistry::Claim(std::string_view serial, size_t tag) {
  const auto kept = static_cast<std::uint32_t>(std::min<size_t>(tag, UINT32_MAX));
  return impl_->tags.Insert(impl_->HashOf(serial), kept).value_or(0);
}

size_t SerialRegistry::size() const { return impl_->tags.size(); }

}  // namespace pkpass
