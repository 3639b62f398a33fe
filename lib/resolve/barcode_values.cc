#include "resolve/barcode_values.h"

#include <mutex>
#include <openssl/rand.h>

#include <string_view>

#include "model/model_impl.h"
#include "pkpass/issued.h"
#include "util/compact_hash.h"
#include "util/stable_hash.h"
#include "zip/archive_reader.h"

namespace pkpass {
namespace {

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kAlphanumerics =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int kMaxAttempts = 1000;

std::string_view Alphabet(BarcodeAlphabet alphabet) {
  switch (alphabet) {
    case BarcodeAlphabet::kNumeric: return kDigits;
    case BarcodeAlphabet::kAlphabetic: return kLetters;
    case BarcodeAlphabet::kAlphanumeric: return kAlphanumerics;
  }
  return kDigits;
}

// Fills `out` with `length` characters of `alphabet`, each uniform: random bytes at or above the
// largest multiple of the alphabet's size are drawn again.
bool RandomString(std::string_view alphabet, int length, std::string& out) {
  const size_t limit = 256 - 256 % alphabet.size();
  out.clear();
  unsigned char buf[128];
  while (out.size() < static_cast<size_t>(length)) {
    if (RAND_bytes(buf, sizeof(buf)) != 1) return false;
    for (unsigned char b : buf) {
      if (b < limit && out.size() < static_cast<size_t>(length)) out.push_back(alphabet[b % alphabet.size()]);
    }
  }
  return true;
}

// Sets overrides[`object`]["message"] to `value`, making the object when it is not one.
void SetMessage(rapidjson::Document& overrides, const char* object, const std::string& value) {
  auto& alloc = overrides.GetAllocator();
  rapidjson::Value* target = Member(overrides, object);
  if (target == nullptr || !target->IsObject()) {
    overrides.RemoveMember(object);
    overrides.AddMember(rapidjson::StringRef(object), rapidjson::Value(rapidjson::kObjectType), alloc);
    target = Member(overrides, object);
  }
  target->RemoveMember("message");
  target->AddMember("message", rapidjson::Value(value.c_str(), alloc), alloc);
}

}  // namespace

bool GeneratedBarcodeMessageNeeded(const rapidjson::Value& overrides) {
  const rapidjson::Value* barcodes = Member(overrides, "barcodes");
  if (barcodes != nullptr && !barcodes->IsNull()) return false;
  const rapidjson::Value* barcode = Member(overrides, "barcode");
  const rapidjson::Value* message = barcode != nullptr ? Member(*barcode, "message") : nullptr;
  return message == nullptr || message->IsNull();
}


Result<std::optional<std::string>> GeneratedBarcodeMessage(const ModelConfig& config,
                                                           const rapidjson::Value& overrides,
                                                           BarcodeRegistry* registry) {
  if (!config.barcode_values || !GeneratedBarcodeMessageNeeded(overrides)) return std::optional<std::string>();
  Result<std::string> value = GenerateBarcodeValue(*config.barcode_values, registry);
  if (!value.ok()) return value.status();
  return std::optional<std::string>(std::move(*value));
}

Result<bool> CompleteBarcode(const ModelConfig& config, rapidjson::Document& overrides,
                             BarcodeRegistry* registry, std::string_view given) {
  std::optional<std::string> value;
  if (!given.empty() && config.barcode_values && GeneratedBarcodeMessageNeeded(overrides)) {
    value = std::string(given);
    if (registry != nullptr) registry->Claim(given);
  } else {
    Result<std::optional<std::string>> drawn = GeneratedBarcodeMessage(config, overrides, registry);
    if (!drawn.ok()) return drawn.status();
    value = std::move(*drawn);
  }
  if (!value) return false;
  SetMessage(overrides, "barcode", *value);
  return true;
}

bool GeneratedNfcMessageNeeded(const rapidjson::Value& overrides) {
  const rapidjson::Value* nfc = Member(overrides, "nfc");
  const rapidjson::Value* message = nfc != nullptr && nfc->IsObject() ? Member(*nfc, "message") : nullptr;
  return message == nullptr || message->IsNull();
}

Result<bool> CompleteNfc(const ModelConfig& config, rapidjson::Document& overrides, BarcodeRegistry* registry,
                         std::string_view given) {
  if (!config.nfc_values || !GeneratedNfcMessageNeeded(overrides)) return false;
  std::string value(given);
  if (!value.empty()) {
    if (registry != nullptr) registry->Claim(value);
  } else {
    Result<std::string> drawn = GenerateBarcodeValue(*config.nfc_values, registry);
    if (!drawn.ok()) return drawn.status();
    value = std::move(*drawn);
  }
  SetMessage(overrides, "nfc", value);
  return true;
}

Result<std::string> GenerateBarcodeValue(const BarcodePolicy& policy, BarcodeRegistry* registry) {
  std::string value;
  // A split batch keeps the values of its own shard: one draw in `shards` falls in it.
  const long attempts = kMaxAttempts * static_cast<long>(registry != nullptr ? registry->shards() : 1);
  for (long attempt = 0; attempt < attempts; ++attempt) {
    if (!RandomString(Alphabet(policy.alphabet), policy.length, value)) {
      return Status::Internal("the random number generator failed");
    }
    if (registry == nullptr) return value;
    if (registry->InShard(value) && registry->Claim(value)) return value;
  }
  return Status::Internal("no unused barcode value after " + std::to_string(attempts) +
                          " attempts: the batch has used up the values of this length");
}

struct BarcodeRegistry::Impl {
  std::mutex mu;
  CompactHashMap issued{/*with_values=*/false};  // std::hash of each value
};

BarcodeRegistry::BarcodeRegistry() : impl_(std::make_unique<Impl>()) {}
BarcodeRegistry::~BarcodeRegistry() = default;

bool BarcodeRegistry::Claim(std::string_view value) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (impl_->issued.Insert(std::hash<std::string_view>{}(value), 0).has_value()) return false;
  if (issued_ == nullptr) return true;
  Result<std::string> holder = issued_->BarcodeHolder(value);
  return holder.ok() && holder->empty();
}

Result<std::vector<std::string>> IssuedBarcodeMessages(std::string_view pkpass_bytes) {
  Result<std::string> pass_json = ReadArchiveEntry(pkpass_bytes, "pass.json", kMaxPassJsonBytes);
  if (!pass_json.ok()) return pass_json.status();
  rapidjson::Document doc;
  Diagnostics ignored;
  if (!ParseJsonObject(*pass_json, "pass.json", kMaxPassJsonBytes, doc, ignored)) {
    return Status::InvalidArgument("the pass's pass.json is not a JSON object");
  }
  std::vector<std::string> messages;
  auto add = [&](const rapidjson::Value& barcode) {
    const rapidjson::Value* message = Member(barcode, "message");
    if (message != nullptr && message->IsString()) messages.emplace_back(StringOf(*message));
  };
  if (const rapidjson::Value* list = Member(doc, "barcodes"); list != nullptr && list->IsArray()) {
    for (const rapidjson::Value& barcode : list->GetArray()) add(barcode);
  }
  if (const rapidjson::Value* legacy = Member(doc, "barcode")) add(*legacy);
  return messages;
}

Result<size_t> BarcodeRegistry::ClaimIssued(std::string_view pkpass_bytes) {
  Result<std::vector<std::string>> messages = IssuedBarcodeMessages(pkpass_bytes);
  if (!messages.ok()) return messages.status();
  for (const std::string& message : *messages) Claim(message);
  return messages->size();
}

void BarcodeRegistry::SetShard(std::uint32_t shard, std::uint32_t shards) {
  shard_ = shard;
  shards_ = shards;
}

bool BarcodeRegistry::InShard(std::string_view value) const {
  return shards_ <= 1 || StableHash64(value) % shards_ == shard_;
}

size_t BarcodeRegistry::size() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->issued.size();
}

}  // namespace pkpass
