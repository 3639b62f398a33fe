// Barcode values a model generates for passes whose overrides give none (model.json
// "barcodeValues"): drawn from OpenSSL's CSPRNG, uniformly over the alphabet, and unique within a
// BarcodeRegistry when one is given.
#ifndef PKPASS_RESOLVE_BARCODE_VALUES_H_
#define PKPASS_RESOLVE_BARCODE_VALUES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model_config.h"
#include "pkpass/batch.h"
#include "pkpass/status.h"
#include "util/json.h"

namespace pkpass {

// Returns whether `overrides` give no barcode message of their own (neither "barcode":
// {"message"} nor "barcodes"): a model that generates values gives them one.
bool GeneratedBarcodeMessageNeeded(const rapidjson::Value& overrides);

// The one place a pass's barcode value is generated: returns a new value under the model's
// policy when the model generates values and `overrides` gives no barcode message of its own
// (neither "barcode": {"message"} nor "barcodes"), recorded in `registry` as
// GenerateBarcodeValue does; nullopt when nothing is to be generated. The resolver applies it to
// the pass (its provenance model.json's /barcodeValues); Model::Complete stores it in
// the overrides.
Result<std::optional<std::string>> GeneratedBarcodeMessage(const ModelConfig& config,
                                                           const rapidjson::Value& overrides,
                                                           BarcodeRegistry* registry);

// As GeneratedBarcodeMessage, written into `overrides` as "barcode": {"message"}; with `given`
// (the value issued to this pass before, pkpass/issued.h), that instead of a new one. Returns
// whether a value was written.
Result<bool> CompleteBarcode(const ModelConfig& config, rapidjson::Document& overrides,
                             BarcodeRegistry* registry, std::string_view given = {});

// Returns whether `overrides` give no NFC message of their own ("nfc": {"message"}).
bool GeneratedNfcMessageNeeded(const rapidjson::Value& overrides);

// As CompleteBarcode, for model.json's "nfcValues": a new NFC message (or `given`, the one issued
// to this pass before) written into `overrides` as "nfc": {"message"} when the model generates
// them and the overrides give none. Returns whether a value was written.
Result<bool> CompleteNfc(const ModelConfig& config, rapidjson::Document& overrides, BarcodeRegistry* registry,
                         std::string_view given = {});

// The barcode messages of a pass issued already, given as its .pkpass archive: the "message" of
// every "barcodes" entry and of "barcode" in its pass.json. kInvalidArgument when the bytes hold
// no readable pass.json.
Result<std::vector<std::string>> IssuedBarcodeMessages(std::string_view pkpass_bytes);

// Returns a new value under `policy`, recorded in `registry` (when not null) and never one it
// held before. kInternal when the CSPRNG fails or no unused value turns up.
Result<std::string> GenerateBarcodeValue(const BarcodePolicy& policy, BarcodeRegistry* registry);

}  // namespace pkpass

#endif  // PKPASS_RESOLVE_BARCODE_VALUES_H_
