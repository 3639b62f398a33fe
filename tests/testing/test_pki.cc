#include "testing/test_pki.h"

#include <cstdlib>
#include <stdexcept>

#include "sign/cert_factory.h"
#include "testing/files.h"

namespace pkpass::testing {
namespace {

constexpr std::int64_t k2015 = 1420070400;
constexpr std::int64_t k2016 = 1451606400;
constexpr std::int64_t k2020 = 1577836800;
constexpr std::int64_t k2040 = 2208988800;

template <typename T>
T Check(Result<T> r) {
  if (!r.ok()) throw std::runtime_error("test PKI: " + r.status().ToString());
  return std::move(*r);
}

CertSpec Ca(const std::string& cn, std::int64_t from, std::int64_t to) {
  return {{{"C", "US"}, {"O", "pkpass tests"}, {"CN", cn}}, from, to, true, false};
}

CertSpec PassTypeId(std::int64_t from, std::int64_t to, bool nfc = false) {
  return {{{"UID", kPassTypeId},
           {"CN", std::string(nfc ? "Pass Type ID with NFC: " : "Pass Type ID: ") + kPassTypeId},
           {"OU", kTeamId}, {"O", "pkpass tests"}, {"C", "US"}},
          from, to, false, true};
}

TestPki MakePki() {
  UniqueEvpPkey root_key = Check(GenerateEcKey());
  UniqueEvpPkey wwdr_key = Check(GenerateEcKey());
  UniqueEvpPkey foreign_root_key = Check(GenerateEcKey());
  UniqueEvpPkey foreign_wwdr_key = Check(GenerateEcKey());
  UniqueEvpPkey signer_key = Check(GenerateRsaKey(2048));
  UniqueEvpPkey other_key = Check(GenerateEcKey());

  UniqueX509 root = Check(IssueCertificate(Ca("Test Root", k2015, k2040), root_key.get(), nullptr, root_key.get()));
  UniqueX509 wwdr = Check(IssueCertificate(Ca("Test WWDR", k2015, k2040), wwdr_key.get(), root.get(), root_key.get()));
  UniqueX509 signer = Check(IssueCertificate(PassTypeId(k2020, k2040), signer_key.get(), wwdr.get(), wwdr_key.get()));
  UniqueX509 nfc_signer = Check(IssueCertificate(PassTypeId(k2020, k2040, true), signer_key.get(), wwdr.get(), wwdr_key.get()));
  UniqueX509 expired = Check(IssueCertificate(PassTypeId(k2015, k2016), signer_key.get(), wwdr.get(), wwdr_key.get()));
  UniqueX509 foreign_root = Check(IssueCertificate(Ca("Foreign Root", k2015, k2040), foreign_root_key.get(), nullptr, foreign_root_key.get()));
  UniqueX509 foreign_wwdr = Check(IssueCertificate(Ca("Foreign WWDR", k2015, k2040), foreign_wwdr_key.get(), foreign_root.get(), foreign_root_key.get()));
  UniqueX509 foreign_signer = Check(IssueCertificate(PassTypeId(k2020, k2040), signer_key.get(), foreign_wwdr.get(), foreign_wwdr_key.get()));
  UniqueX509 impostor_wwdr = Check(IssueCertificate(Ca("Test WWDR", k2015, k2040), foreign_wwdr_key.get(), foreign_root.get(), foreign_root_key.get()));

  TestPki pki;
  pki.root_pem = CertificateToPem(root.get());
  pki.wwdr_pem = CertificateToPem(wwdr.get());
  pki.wwdr_der = CertificateToDer(wwdr.get());
  pki.signer_pem = CertificateToPem(signer.get());
  pki.signer_key_pem = Check(PrivateKeyToPem(signer_key.get(), ""));
  pki.signer_key_encrypted_pem = Check(PrivateKeyToPem(signer_key.get(), kKeyPassword));
  pki.nfc_signer_pem = CertificateToPem(nfc_signer.get());
  pki.expired_signer_pem = CertificateToPem(expired.get());
  pki.foreign_wwdr_pem = CertificateToPem(foreign_wwdr.get());
  pki.foreign_signer_pem = CertificateToPem(foreign_signer.get());
  pki.impostor_wwdr_pem = CertificateToPem(impostor_wwdr.get());
  pki.other_key_pem = Check(PrivateKeyToPem(other_key.get(), ""));
  pki.p12_modern = Check(MakePkcs12(signer.get(), signer_key.get(), kP12Password, false));
  pki.p12_legacy = Check(MakePkcs12(signer.get(), signer_key.get(), kP12Password, true));
  return pki;
}

}  // namespace

const TestPki& Pki() {
  static const TestPki pki = MakePki();
  return pki;
}

const std::string& PkiDir() {
  static const std::string dir = [] {
    const TestPki& pki = Pki();
    std::string d = MakeTempDir("pki");
    WriteFile(d + "/root.pem", pki.root_pem);
    WriteFile(d + "/wwdr.pem", pki.wwdr_pem);
    WriteFile(d + "/wwdr.der", pki.wwdr_der);
    WriteFile(d + "/signer.pem", pki.signer_pem);
    WriteFile(d + "/signer.key", pki.signer_key_pem);
    WriteFile(d + "/signer-encrypted.key", pki.signer_key_encrypted_pem);
    WriteFile(d + "/expired.pem", pki.expired_signer_pem);
    WriteFile(d + "/foreign-wwdr.pem", pki.foreign_wwdr_pem);
    WriteFile(d + "/foreign-signer.pem", pki.foreign_signer_pem);
    WriteFile(d + "/impostor-wwdr.pem", pki.impostor_wwdr_pem);
    WriteFile(d + "/other.key", pki.other_key_pem);
    WriteFile(d + "/modern.p12", pki.p12_modern);
    WriteFile(d + "/legacy.p12", pki.p12_legacy);
    return d;
  }();
  return dir;
}

}  // namespace pkpass::testing
