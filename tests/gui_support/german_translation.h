// german_translation.h — the app's German translation installed for the lifetime of one object,
// so a test can build widgets and models in German and go back to English afterwards
// (app/models/translations.h installs for good, for the app's main()).
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QTranslator>

#include "app/models/translations.h"

namespace dendrite::testing {

class GermanTranslation {
 public:
  GermanTranslation() {
    loaded_ = translator_.load(QDir(translations_directory()).filePath("dendrite_de.qm"));
    if (loaded_) QCoreApplication::installTranslator(&translator_);
  }
  ~GermanTranslation() {
    if (loaded_) QCoreApplication::removeTranslator(&translator_);
  }
  GermanTranslation(const GermanTranslation&) = delete;
  GermanTranslation& operator=(const GermanTranslation&) = delete;
  bool loaded() const { return loaded_; }

 private:
  QTranslator translator_;
  bool loaded_ = false;
};

}  // namespace dendrite::testing
