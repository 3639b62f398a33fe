// A throwaway PKI made at test time: root -> "WWDR" intermediate -> Pass Type ID signer (UID,
// OU), plus the broken variants the signer checks must refuse. Made once per test process.
#ifndef PKPASS_TESTS_TESTING_TEST_PKI_H_
#define PKPASS_TESTS_TESTING_TEST_PKI_H_

#include <string>

namespace pkpass::testing {

inline constexpr char kPassTypeId[] = "pass.dev.pkpass.sample";
inline constexpr char kTeamId[] = "DEVTEAM001";
inline constexpr char kKeyPassword[] = "correct horse battery staple";
inline constexpr char kP12Password[] = "p12 secret";

struct TestPki {
  std::string root_pem;             // the trust anchor
  std::string wwdr_pem;             // intermediate issued by the root
  std::string wwdr_der;             // the same, DER
  std::string signer_pem;           // valid 2020-01-01 .. 2040-01-01, issued by wwdr
  std::string signer_key_pem;       // RSA-2048, PKCS#8, clear
  std::string signer_key_encrypted_pem;  // the same key under kKeyPassword
  std::string nfc_signer_pem;       // same key, "Pass Type ID with NFC: ...", for NFC passes
  std::string expired_signer_pem;   // same key, valid 2015-01-01 .. 2016-01-01
  std::string foreign_wwdr_pem;     // an intermediate from another root
  std::string foreign_signer_pem;   // same key, issued by foreign_wwdr
  std::string impostor_wwdr_pem;    // named "Test WWDR" like wwdr, with another key and root
  std::string other_key_pem;        // a key that matches none of the certificates
  std::string p12_modern;           // signer + key under kP12Password, PBES2/AES-256
  std::string p12_legacy;           // the same with RC2-40 / 3DES and a SHA-1 MAC
};

// Returns the process's test PKI, made on first use.
const TestPki& Pki();

// Writes the PKI's files into a new temp folder and returns its path: root.pem, wwdr.pem,
// wwdr.der, signer.pem, signer.key, signer-encrypted.key, expired.pem, foreign-wwdr.pem,
// foreign-signer.pem, impostor-wwdr.pem, other.key, modern.p12, legacy.p12. Made once per test process.
const std::string& PkiDir();

}  // namespace pkpass::testing

#endif  // PKPASS_TESTS_TESTING_TEST_PKI_H_
