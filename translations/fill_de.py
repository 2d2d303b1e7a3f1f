#!/usr/bin/env python3
"""Fills translations/dendrite_de.ts with the German texts below (run after `update_translations`).

Every source text of the app must have an entry here; the script fails, naming the missing ones,
so lupdate never leaves a message unfinished. Shortcut texts stay as they are (Qt shows them in
the user's language by itself).

    cmake --build build --target update_translations && python3 translations/fill_de.py

    python3 translations/fill_de.py --check LUPDATE SOURCES_LIST
        (the CTest test_translations_complete) runs lupdate over the sources listed in
        SOURCES_LIST (one per line) into a scratch copy of dendrite_de.ts and fails, naming them,
        if a text of the app has no German here; changes nothing.
"""
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

GERMAN = {
    # control panel (QML)
    "Learning rate": "Lernrate",
    "Step size of the optimizer, on a logarithmic scale from 0.00001 to 1. Takes effect at the next mini-batch.":
        "Schrittweite des Optimierers, logarithmisch von 0,00001 bis 1. Gilt ab dem nächsten Mini-Batch.",
    "Batch size": "Batchgröße",
    "Images per mini-batch (1 to 1024, powers of two). Takes effect at the next mini-batch; the network is not reset.":
        "Bilder pro Mini-Batch (1 bis 1024, Zweierpotenzen). Gilt ab dem nächsten Mini-Batch; das Netz wird nicht zurückgesetzt.",
    "Start": "Start",
    "Stop": "Stopp",
    "Step": "Schritt",
    "Train on one mini-batch": "Mit einem Mini-Batch trainieren",
    "Reset": "Zurücksetzen",
    "Stop and re-initialize the network with the same seed": "Anhalten und das Netz mit demselben Seed neu initialisieren",
    "Time": "Zeit",
    "per iteration (sample)": "pro Iteration (Bild)",
    "per mini-batch": "pro Mini-Batch",
    "per full pass": "pro Durchlauf",
    "per full pass (estimate)": "pro Durchlauf (geschätzt)",
    "samples per second": "Bilder pro Sekunde",
    "Progress": "Fortschritt",
    "steps (mini-batches)": "Schritte (Mini-Batches)",
    "full passes": "Durchläufe",
    "training loss": "Trainingsfehler",
    "validation loss": "Validierungsfehler",
    "Dataset": "Datensatz",
    "files": "Dateien",
    "size": "Größe",
    "images": "Bilder",
    "image size": "Bildgröße",
    "training / validation": "Training / Validierung",
    "Network": "Netz",
    "name": "Name",
    "neurons": "Neuronen",
    "connections": "Verbindungen",
    "layers": "Schichten",
    "module": "Modul",
    # file saving
    "Cannot create the folder %1.": "Der Ordner %1 kann nicht angelegt werden.",
    "Cannot write %1: %2": "%1 kann nicht geschrieben werden: %2",
    "Writing %1 failed: %2": "Schreiben von %1 fehlgeschlagen: %2",
    "Saving %1 failed: %2": "Speichern von %1 fehlgeschlagen: %2",
    # dataset model
    "#%1": "Nr. %1",
    # error chart
    "training loss (each step)": "Trainingsfehler (jeder Schritt)",
    "end of a full pass": "Ende eines Durchlaufs",
    "end of a full pass (1 in %L1 shown)": "Ende eines Durchlaufs (jeder %L1. gezeigt)",
    "step (mini-batch)": "Schritt (Mini-Batch)",
    "&Logarithmic scale": "&Logarithmische Skala",
    "loss (mean squared error)": "Fehler (mittlerer quadratischer Fehler)",
    "moving average (%1 steps)": "gleitender Mittelwert (%1 Schritte)",
    "No steps yet — press Start.": "Noch keine Schritte – auf Start drücken.",
    "%L1 steps · last %2 steps: %3": "%L1 Schritte · letzte %2 Schritte: %3",
    " · validation: %1": " · Validierung: %1",
    # image panel
    "no image": "kein Bild",
    "Ctrl+wheel zooms, double-click fits the image to the panel":
        "Strg+Mausrad zoomt, Doppelklick passt das Bild in die Fläche ein",
    "fit (×%1)": "eingepasst (×%1)",
    "×%1": "×%1",
    # main window
    "Training stopped": "Training angehalten",
    "Training…": "Training läuft …",
    "Stopped after step %L1.": "Angehalten nach Schritt %L1.",
    "%1\n\nMove the learning-rate slider to the left and press Start to continue.":
        "%1\n\nDen Lernraten-Regler nach links schieben und zum Fortsetzen auf Start drücken.",
    "Exporting reconstructions…": "Rekonstruktionen werden exportiert …",
    "Cancel": "Abbrechen",
    "Export": "Export",
    "The control panel could not be loaded:\n%1\n\nThe Training menu still works.":
        "Das Bedienfeld konnte nicht geladen werden:\n%1\n\nDas Menü „Training“ funktioniert weiterhin.",
    "Training": "Training",
    "Images": "Bilder",
    "&File": "&Datei",
    "&New Network…": "&Neues Netz …",
    "Create a network from a preset or a spec": "Ein Netz aus einer Vorlage oder einer Beschreibung erzeugen",
    "&Open Model…": "Modell ö&ffnen …",
    "Open a .dendrite model file": "Eine .dendrite-Modelldatei öffnen",
    "&Save Model": "Modell &speichern",
    "Save the network and its training state": "Das Netz und seinen Trainingsstand speichern",
    "Save Model &As…": "Modell speichern &unter …",
    "&Export Shown Output": "Angezeigte Ausgabe &exportieren",
    "Ctrl+E": "Ctrl+E",
    "Save the reconstruction shown on the right as PNG in the output folder":
        "Die rechts angezeigte Rekonstruktion als PNG im Ausgabeordner speichern",
    "Export &All Reconstructions": "&Alle Rekonstruktionen exportieren",
    "Ctrl+Shift+E": "Ctrl+Shift+E",
    "Reconstruct every image of the dataset into PNG files in the output folder":
        "Jedes Bild des Datensatzes rekonstruieren und als PNG im Ausgabeordner speichern",
    "&Preferences…": "&Einstellungen …",
    "Ctrl+,": "Ctrl+,",
    "&Quit": "&Beenden",
    "&Dataset": "Daten&satz",
    "Open Dataset &Folder…": "Datensatz-&Ordner öffnen …",
    "Ctrl+Shift+O": "Ctrl+Shift+O",
    "Train on a folder of images": "Mit einem Ordner voller Bilder trainieren",
    "Open &IDX File…": "&IDX-Datei öffnen …",
    "Train on an IDX file such as Fashion-MNIST": "Mit einer IDX-Datei wie Fashion-MNIST trainieren",
    "&Skipped Files…": "Ü&bersprungene Dateien …",
    "&Previous Sample": "&Vorheriges Bild",
    "Alt+Left": "Alt+Left",
    "&Next Sample": "&Nächstes Bild",
    "Alt+Right": "Alt+Right",
    "&Training": "&Training",
    "&Start": "&Start",
    "F5": "F5",
    "Train until stopped": "Trainieren, bis angehalten wird",
    "S&top": "St&opp",
    "Shift+F5": "Shift+F5",
    "Stop after the current mini-batch": "Nach dem laufenden Mini-Batch anhalten",
    "St&ep": "Sch&ritt",
    "F10": "F10",
    "&Reset": "&Zurücksetzen",
    "Ctrl+R": "Ctrl+R",
    "&View": "&Ansicht",
    "&Logarithmic Loss Scale": "&Logarithmische Fehlerskala",
    "Ctrl+L": "Ctrl+L",
    "Zoom &In Images": "Bilder ver&größern",
    "Zoom &Out Images": "Bilder ver&kleinern",
    "&Fit Images": "Bilder &einpassen",
    "Ctrl+0": "Ctrl+0",
    "&Help": "&Hilfe",
    "&About Dendrite": "Ü&ber Dendrite",
    "About &Qt": "Über &Qt",
    "%1 — Dendrite": "%1 — Dendrite",
    "Dendrite": "Dendrite",
    "Open Dataset Folder": "Datensatz-Ordner öffnen",
    "Open IDX File": "IDX-Datei öffnen",
    "IDX images (*-ubyte *-ubyte.gz *.idx *.idx.gz);;All files (*)":
        "IDX-Bilder (*-ubyte *-ubyte.gz *.idx *.idx.gz);;Alle Dateien (*)",
    "Open Model": "Modell öffnen",
    "Dendrite models (*.dendrite);;All files (*)": "Dendrite-Modelle (*.dendrite);;Alle Dateien (*)",
    "Save Model As": "Modell speichern unter",
    "Dendrite models (*.dendrite)": "Dendrite-Modelle (*.dendrite)",
    "Skipped Files": "Übersprungene Dateien",
    "Files of %1 that could not be used: %L2.": "Nicht verwendbare Dateien in %1: %L2.",
    "About Dendrite": "Über Dendrite",
    "<h3>Dendrite %1</h3><p>Trains image autoencoders built from explicit neurons and connections, and shows the network while it learns.</p><p>Built with Qt %2. Config file: %3</p>":
        "<h3>Dendrite %1</h3><p>Trainiert Bild-Autoencoder aus einzelnen Neuronen und Verbindungen und zeigt das Netz, während es lernt.</p><p>Erstellt mit Qt %2. Konfigurationsdatei: %3</p>",
    # network summary
    "%1: %2 %3, %L4 neurons, %L5 connections": "%1: %2 %3, %L4 Neuronen, %L5 Verbindungen",
    " (embedding)": " (Einbettung)",
    "no network": "kein Netz",
    "custom network": "eigenes Netz",
    # new network dialog
    "New Network": "Neues Netz",
    "custom": "eigenes",
    "input 28x28x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 28x28x1 linear":
        "input 28x28x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 28x28x1 linear",
    "default (fastest validated)": "Standard (das schnellste geprüfte)",
    "Layers: <tt>[name:] input|dense|local|up WxHxC [kK] [sS] [linear|sigmoid] [embedding]</tt>, separated by <tt>|</tt> or new lines.":
        "Schichten: <tt>[Name:] input|dense|local|up BxHxK [kK] [sS] [linear|sigmoid] [embedding]</tt>, getrennt durch <tt>|</tt> oder Zeilenumbrüche.",
    "&Preset:": "&Vorlage:",
    "&Spec:": "&Beschreibung:",
    "&Module:": "&Modul:",
    "S&eed:": "S&eed:",
    "Create": "Erzeugen",
    # pass progress
    "pass %1 · %2 %": "Durchlauf %1 · %2 %",
    "ETA %1": "noch %1",
    "Time left in this full pass at the current speed": "Restzeit dieses Durchlaufs bei der aktuellen Geschwindigkeit",
    # preferences dialog
    "&Input images:": "&Eingabebilder:",
    "&Models:": "&Modelle:",
    "&Output images:": "&Ausgabebilder:",
    "&Snapshot every:": "&Zwischenstand alle:",
    "&Threads:": "&Threads:",
    "Default &network:": "Standard-&Netz:",
    "&Learning rate:": "&Lernrate:",
    "&Batch size:": "&Batchgröße:",
    "Folder of training images (or an IDX file) opened at start-up":
        "Ordner mit Trainingsbildern (oder eine IDX-Datei), der beim Start geöffnet wird",
    "Where models and snapshots are saved": "Wo Modelle und Zwischenstände gespeichert werden",
    "Where exported output images are written": "Wohin exportierte Ausgabebilder geschrieben werden",
    "Rewrite the model file every N steps while training (0: never)":
        "Die Modelldatei beim Training alle N Schritte neu schreiben (0: nie)",
    "Threads that train the network (0: all cores)": "Threads, die das Netz trainieren (0: alle Kerne)",
    "Preset name or network spec created at start-up": "Vorlage oder Netzbeschreibung, die beim Start erzeugt wird",
    "Learning rate at start-up (the last one used)": "Lernrate beim Start (die zuletzt benutzte)",
    "Batch size at start-up (the last one used)": "Batchgröße beim Start (die zuletzt benutzte)",
    "Preferences": "Einstellungen",
    "Values are taken from these preferences first, then from the config file <b>%1</b>, then from the built-in defaults.":
        "Werte kommen zuerst aus diesen Einstellungen, dann aus der Konfigurationsdatei <b>%1</b>, dann aus den eingebauten Vorgaben.",
    "Folders": "Ordner",
    "never": "nie",
    " steps": " Schritte",
    "all cores (%1)": "alle Kerne (%1)",
    "Browse…": "Durchsuchen …",
    "Write to config file": "In Konfigurationsdatei schreiben",
    "Save this value in %1": "Diesen Wert in %1 speichern",
    "Forget": "Vergessen",
    "Remove this preference: the config file or the default applies again":
        "Diese Einstellung entfernen: Konfigurationsdatei oder Vorgabe gelten wieder",
    "The config file was not used: %1": "Die Konfigurationsdatei wurde nicht verwendet: %1",
    "from %1": "aus %1",
    "Cannot write the config file": "Die Konfigurationsdatei kann nicht geschrieben werden",
    "Wrote %1 to %2.": "%1 in %2 geschrieben.",
    # sample view
    "Input": "Eingabe",
    "Output (reconstruction)": "Ausgabe (Rekonstruktion)",
    "Previous sample": "Vorheriges Bild",
    "Next sample": "Nächstes Bild",
    "sample ": "Bild ",
    # settings model
    "default": "Vorgabe",
    "config file, line %1": "Konfigurationsdatei, Zeile %1",
    "command line (%1)": "Befehlszeile (%1)",
    "preferences": "Einstellungen",
    "Unknown setting “%1”.": "Unbekannte Einstellung „%1“.",
    "The folder %1 does not exist.": "Der Ordner %1 existiert nicht.",
    "The folder %1 cannot be read.": "Der Ordner %1 kann nicht gelesen werden.",
    "%1 is neither a folder of images nor an IDX file.": "%1 ist weder ein Bilderordner noch eine IDX-Datei.",
    "%1 is a file, not a folder.": "%1 ist eine Datei, kein Ordner.",
    "The folder %1 is not writable.": "In den Ordner %1 kann nicht geschrieben werden.",
    "The folder %1 cannot be created: %2 is a file.": "Der Ordner %1 kann nicht angelegt werden: %2 ist eine Datei.",
    "The folder %1 does not exist and cannot be created in %2.":
        "Der Ordner %1 existiert nicht und kann in %2 nicht angelegt werden.",
    "Cannot create the folder of %1.": "Der Ordner für %1 kann nicht angelegt werden.",
    "--%1: %2": "--%1: %2",
    # workbench
    "Cannot open the dataset": "Der Datensatz kann nicht geöffnet werden",
    "The images in %1 could not be used:\n\n%2": "Die Bilder in %1 können nicht verwendet werden:\n\n%2",
    "Loading images…": "Bilder werden geladen …",
    "Open a folder of images (File ▸ Open Dataset Folder) to start training.":
        "Zum Trainieren einen Bilderordner öffnen (Datei ▸ Datensatz-Ordner öffnen).",
    "%1 does not exist.": "%1 existiert nicht.",
    "Images loaded: %L1, from %2.": "Bilder geladen: %L1, aus %2.",
    "Images loaded: %L1, from %2; files skipped: %L3 (Dataset ▸ Skipped Files).":
        "Bilder geladen: %L1, aus %2; übersprungene Dateien: %L3 (Datensatz ▸ Übersprungene Dateien).",
    "The images do not fit the network": "Die Bilder passen nicht zum Netz",
    "The images in %1 are %2, but the network’s input is %3.\n\nCreate a network for %2 (File ▸ New Network), open a model made for these images, or open another folder.":
        "Die Bilder in %1 haben das Format %2, die Eingabe des Netzes aber %3.\n\nEin Netz für %2 erzeugen (Datei ▸ Neues Netz), ein Modell für diese Bilder öffnen oder einen anderen Ordner öffnen.",
    "Cannot create the network": "Das Netz kann nicht erzeugt werden",
    "The network spec is not valid:\n\n%1": "Die Netzbeschreibung ist ungültig:\n\n%1",
    "Building the network…": "Das Netz wird aufgebaut …",
    "New network: %1.": "Neues Netz: %1.",
    "Cannot open the model": "Das Modell kann nicht geöffnet werden",
    "%1 is not a file.": "%1 ist keine Datei.",
    "Opening the model…": "Das Modell wird geöffnet …",
    "%1 could not be opened:\n\n%2": "%1 konnte nicht geöffnet werden:\n\n%2",
    "Opened %1.": "%1 geöffnet.",
    "Cannot save the model": "Das Modell kann nicht gespeichert werden",
    "There is no network to save yet.": "Es gibt noch kein Netz zum Speichern.",
    "Saving the model…": "Das Modell wird gespeichert …",
    "Saved %1.": "%1 gespeichert.",
    "Nothing to export": "Nichts zu exportieren",
    "There is no output image yet: open a dataset and a network first.":
        "Es gibt noch kein Ausgabebild: zuerst einen Datensatz und ein Netz öffnen.",
    "Cannot export the image": "Das Bild kann nicht exportiert werden",
    "Exported %1.": "%1 exportiert.",
    "Open a dataset and a network that fit each other before exporting reconstructions.":
        "Vor dem Export von Rekonstruktionen einen Datensatz und ein dazu passendes Netz öffnen.",
    "Export canceled.": "Export abgebrochen.",
    "Cannot export the reconstructions": "Die Rekonstruktionen können nicht exportiert werden",
    "Reconstructions exported: %L1, to %2.": "Rekonstruktionen exportiert: %L1, nach %2.",
    "layers: %1 · neurons: %L2 · connections: %L3 · input: %4":
        "Schichten: %1 · Neuronen: %L2 · Verbindungen: %L3 · Eingabe: %4",
    # main.cpp
    "Neuron-level autoencoder workbench": "Werkbank für Autoencoder auf Neuronenebene",
    "Config file (KEY=VALUE lines).": "Konfigurationsdatei (Zeilen SCHLÜSSEL=WERT).",
    "Folder of images or IDX file to train on.": "Bilderordner oder IDX-Datei zum Trainieren.",
    "Network spec or preset (dense-ae, local-ae, rgb-ae).": "Netzbeschreibung oder Vorlage (dense-ae, local-ae, rgb-ae).",
    "Training threads (0 = all cores).": "Trainings-Threads (0 = alle Kerne).",
    "A folder of images, an IDX file or a .dendrite model.": "Ein Bilderordner, eine IDX-Datei oder ein .dendrite-Modell.",
    "The config file was not used": "Die Konfigurationsdatei wurde nicht verwendet",
    # embedding editor, interpolation strip, custom input (issue 8)
    "gray": "Grau",
    "gray + alpha": "Grau + Alpha",
    "RGB": "RGB",
    "RGBA": "RGBA",
    "%1 channels": "%1 Kanäle",
    "Cannot open the image": "Das Bild kann nicht geöffnet werden",
    "%1 could not be used as input:\n\n%2": "%1 kann nicht als Eingabe verwendet werden:\n\n%2",
    "The image runs through the network once one is in place.": "Das Bild läuft durch das Netz, sobald eines bereitsteht.",
    "Open an image file (or drop one on the window) to run it through the network.":
        "Eine Bilddatei öffnen (oder auf das Fenster ziehen), um sie durch das Netz laufen zu lassen.",
    "%1: waiting for a network.": "%1: wartet auf ein Netz.",
    "%1, as the network expects: no conversion needed.": "%1, wie das Netz es erwartet: keine Umwandlung nötig.",
    "converted %1 → %2": "umgewandelt %1 → %2",
    " (stretched)": " (gestreckt)",
    " (centre cropped)": " (Mitte zugeschnitten)",
    " (padded with black)": " (mit Schwarz aufgefüllt)",
    ", inverted": ", invertiert",
    "There is no custom input and reconstruction yet: open an image file first.":
        "Es gibt noch keine eigene Eingabe und Rekonstruktion: zuerst eine Bilddatei öffnen.",
    "Cannot export the custom input": "Die eigene Eingabe kann nicht exportiert werden",
    "Cannot export the reconstruction": "Die Rekonstruktion kann nicht exportiert werden",
    "Exported %1 and %2.": "%1 und %2 exportiert.",
    "Open Image…": "Bild öffnen …",
    "Run any image file through the autoencoder (no training); you can also drop one on the window":
        "Eine beliebige Bilddatei durch den Autoencoder laufen lassen (ohne Training); sie kann auch auf das Fenster gezogen werden",
    "Save the converted input and its reconstruction as PNG in the output folder":
        "Die umgewandelte Eingabe und ihre Rekonstruktion als PNG im Ausgabeordner speichern",
    "Edit Its Embedding": "Seine Einbettung bearbeiten",
    "Put this image’s embedding on the sliders of the embedding editor":
        "Die Einbettung dieses Bildes auf die Schieberegler des Einbettungseditors legen",
    "Stretch": "Strecken",
    "Centre crop": "Mitte zuschneiden",
    "Pad": "Auffüllen",
    "How an image of another aspect ratio is brought to the network’s input size":
        "Wie ein Bild mit anderem Seitenverhältnis auf die Eingabegröße des Netzes gebracht wird",
    "Invert": "Invertieren",
    "Dark on light becomes light on dark, like Fashion-MNIST": "Dunkel auf hell wird hell auf dunkel, wie bei Fashion-MNIST",
    "Custom input": "Eigene Eingabe",
    "Open Image": "Bild öffnen",
    "Images (*.png *.jpg *.jpeg *.bmp *.gif *.pgm *.ppm *.pnm *.tga *.psd *.hdr *.pic);;All files (*)":
        "Bilder (*.png *.jpg *.jpeg *.bmp *.gif *.pgm *.ppm *.pnm *.tga *.psd *.hdr *.pic);;Alle Dateien (*)",
    "Custom input: %1": "Eigene Eingabe: %1",
    "Output (step %L1)": "Ausgabe (Schritt %L1)",
    "Measuring the ranges again… %1 %": "Die Wertebereiche werden neu gemessen … %1 %",
    "Measuring the ranges over the dataset… %1 %": "Die Wertebereiche über den Datensatz werden gemessen … %1 %",
    "Ranges: not measured yet (open a dataset that fits the network).":
        "Wertebereiche: noch nicht gemessen (einen zum Netz passenden Datensatz öffnen).",
    "Ranges over %L1 images, measured at step %L2.": "Wertebereiche über %L1 Bilder, gemessen bei Schritt %L2.",
    "Open a dataset to measure the ranges and to encode its images.":
        "Einen Datensatz öffnen, um die Wertebereiche zu messen und seine Bilder zu kodieren.",
    "The dataset’s images (%1) do not fit the network’s input (%2).":
        "Die Bilder des Datensatzes (%1) passen nicht zur Eingabe des Netzes (%2).",
    "none": "keine",
    "The embedding has %L1 values, but this network’s embedding layer ‘%2’ (%3) has %L4; nothing was changed.":
        "Die Einbettung hat %L1 Werte, die Einbettungsschicht ‚%2‘ (%3) dieses Netzes aber %L4; nichts wurde geändert.",
    "Embedding value %L1 is %2, not a finite number; nothing was changed.":
        "Einbettungswert %L1 ist %2, keine endliche Zahl; nichts wurde geändert.",
    "Sample %L1 does not exist.": "Bild %L1 gibt es nicht.",
    "There is no network to encode with yet.": "Es gibt noch kein Netz zum Kodieren.",
    "The image is %1, but the network’s input is %2.": "Das Bild hat das Format %1, die Eingabe des Netzes aber %2.",
    "The ranges could not be measured: %1": "Die Wertebereiche konnten nicht gemessen werden: %1",
    "There is no decoded image yet: create or open a network first.":
        "Es gibt noch kein dekodiertes Bild: zuerst ein Netz erzeugen oder öffnen.",
    "Cannot export the decoded image": "Das dekodierte Bild kann nicht exportiert werden",
    "Cannot export the embedding values": "Die Einbettungswerte können nicht exportiert werden",
    "Exported %1 (values in %2).": "%1 exportiert (Werte in %2).",
    "There is no interpolation strip yet: choose two images first.":
        "Es gibt noch keinen Interpolationsstreifen: zuerst zwei Bilder wählen.",
    "Cannot export the interpolation": "Die Interpolation kann nicht exportiert werden",
    "Decoded": "Dekodiert",
    "Encode Current Image": "Aktuelles Bild kodieren",
    "Set the values to the embedding of the sample shown in Images": "Die Werte auf die Einbettung des unter Bilder gezeigten Bildes setzen",
    "Randomize": "Zufällig",
    "Draw every value uniformly from its range over the dataset": "Jeden Wert gleichverteilt aus seinem Wertebereich über den Datensatz ziehen",
    "Back to the values of the last encoded image": "Zurück zu den Werten des zuletzt kodierten Bildes",
    "Save the decoded image as PNG (and its values as text) in the output folder":
        "Das dekodierte Bild als PNG (und seine Werte als Text) im Ausgabeordner speichern",
    "Measure Again": "Neu messen",
    "Encode every image of the dataset again with the current parameters to find each value's range":
        "Jedes Bild des Datensatzes mit den aktuellen Parametern neu kodieren, um den Wertebereich jedes Wertes zu finden",
    "Showing the first %L1 of %L2 values; the others keep their encoded values.":
        "Gezeigt werden die ersten %L1 von %L2 Werten; die übrigen behalten ihre kodierten Werte.",
    "Embedding value %1: neuron %2 of the %3 embedding layer": "Einbettungswert %1: Neuron %2 der Einbettungsschicht %3",
    "Over the dataset: %1 … %2": "Über den Datensatz: %1 … %2",
    "Slider range (not measured yet): %1 … %2": "Reglerbereich (noch nicht gemessen): %1 … %2",
    "Decoded (step %L1)": "Dekodiert (Schritt %L1)",
    "no images": "keine Bilder",
    "Current": "Aktuelles",
    "Start from the sample shown in Images": "Beim unter Bilder gezeigten Bild beginnen",
    "End at the sample shown in Images": "Beim unter Bilder gezeigten Bild enden",
    "Export Strip": "Streifen exportieren",
    "Save the decoded steps side by side as one PNG in the output folder":
        "Die dekodierten Schritte nebeneinander als ein PNG im Ausgabeordner speichern",
    "From sample": "Von Bild",
    "to sample": "bis Bild",
    "in": "in",
    "steps": "Schritten",
    "Open a dataset that fits the network to interpolate between two of its images.":
        "Einen zum Netz passenden Datensatz öffnen, um zwischen zwei seiner Bilder zu interpolieren.",
    "The framed images are samples %L1 and %L2; between them, the decodes of %L3 embeddings evenly spaced on the straight line from the first sample’s embedding to the second’s.":
        "Die umrahmten Bilder sind die Bilder %L1 und %L2; dazwischen die Dekodierungen von %L3 Einbettungen, gleichmäßig verteilt auf der Strecke von der Einbettung des ersten Bildes zu der des zweiten.",
    "Embedding": "Einbettung",
    "Interpolation": "Interpolation",
    "Custom Input": "Eigene Eingabe",
    "E&mbedding": "E&inbettung",
    "&Encode Current Image": "Aktuelles Bild &kodieren",
    "Set the embedding editor's values to the embedding of the sample shown":
        "Die Werte des Einbettungseditors auf die Einbettung des gezeigten Bildes setzen",
    "&Randomize": "&Zufällig",
    "Draw every embedding value from its range over the dataset": "Jeden Einbettungswert aus seinem Wertebereich über den Datensatz ziehen",
    "Re&set Values": "Werte &zurücksetzen",
    "Back to the last encoded image": "Zurück zum zuletzt kodierten Bild",
    "&Measure Ranges Again": "Wertebereiche neu &messen",
    "Encode every image of the dataset to find each value's range":
        "Jedes Bild des Datensatzes kodieren, um den Wertebereich jedes Wertes zu finden",
    "Export &Decoded Image": "&Dekodiertes Bild exportieren",
    "Save the decoded image as PNG in the output folder": "Das dekodierte Bild als PNG im Ausgabeordner speichern",
    "Export &Interpolation Strip": "&Interpolationsstreifen exportieren",
    "Save the interpolation's decoded steps as one PNG in the output folder":
        "Die dekodierten Schritte der Interpolation als ein PNG im Ausgabeordner speichern",
    "Open &Custom Image…": "&Eigenes Bild öffnen …",
    "Ctrl+I": "Ctrl+I",
    "Run any image file through the autoencoder without training": "Eine beliebige Bilddatei ohne Training durch den Autoencoder laufen lassen",
    "Export Custom Input and &Output": "Eigene Eingabe und &Ausgabe exportieren",
    "Save the custom input and its reconstruction as PNG in the output folder":
        "Die eigene Eingabe und ihre Rekonstruktion als PNG im Ausgabeordner speichern",
    "The decoder could not be built: %1": "Der Dekodierer konnte nicht aufgebaut werden: %1",
    "Output": "Ausgabe",
    "%1: %2": "%1: %2",
    "The output is the network’s reconstruction with the parameters of step %L1; nothing was trained on this image.":
        "Die Ausgabe ist die Rekonstruktion des Netzes mit den Parametern von Schritt %L1; mit diesem Bild wurde nicht trainiert.",
    # network view, its export and its legend
    "%1 (embedding)": "%1 (Einbettung)",
    "%L1 neurons": "%L1 Neuronen",
    "Dendrite network": "Dendrite-Netz",
    "Neurons coloured by activation, connections by weight": "Neuronen nach Aktivierung gefärbt, Verbindungen nach Gewicht",
    "Cannot encode %1 as PNG.": "%1 kann nicht als PNG kodiert werden.",
    "Cannot export to %1: use a .png or .svg file name.": "Export nach %1 nicht möglich: einen Dateinamen auf .png oder .svg wählen.",
    "scale": "Skala",
    "activation": "Aktivierung",
    "activation (scale per layer)": "Aktivierung (Skala je Schicht)",
    "weight": "Gewicht",
    "Fit": "Einpassen",
    "Show the whole network": "Das ganze Netz zeigen",
    "−": "−",
    "Zoom out (or turn the mouse wheel)": "Verkleinern (oder das Mausrad drehen)",
    "+": "+",
    "Zoom in (or turn the mouse wheel)": "Vergrößern (oder das Mausrad drehen)",
    " Connections ": " Verbindungen ",
    "By zoom": "Nach Zoom",
    "Bundles": "Bündel",
    "Strongest": "Stärkste",
    "Selected only": "Nur ausgewählte",
    "By zoom: bundles between layer regions when zoomed out, the strongest connections when zoomed in, only the hovered and selected neurons' connections when the values show":
        "Nach Zoom: herausgezoomt Bündel zwischen Schichtbereichen, hineingezoomt die stärksten Verbindungen, sobald die Werte zu sehen sind nur die Verbindungen der berührten und ausgewählten Neuronen",
    "top ": "Top ",
    "How many of each layer's connections with the largest |weight| are drawn":
        "Wie viele Verbindungen jeder Schicht mit dem größten |Gewicht| gezeichnet werden",
    " Colours ": " Farben ",
    "Per layer": "Je Schicht",
    "Which |activation| gets the strongest colour: each layer its own, or one scale for all":
        "Welche |Aktivierung| die kräftigste Farbe bekommt: jede Schicht ihre eigene oder eine Skala für alle",
    "Partitions": "Partitionen",
    "Graph networks: tint every neuron with the colour of the part (one per training thread) that computes it":
        "Graphnetze: jedes Neuron in der Farbe des Teils (einer je Trainingsthread) tönen, der es berechnet",
    "Export…": "Exportieren …",
    "Save the whole network as PNG or SVG at the current zoom": "Das ganze Netz beim aktuellen Zoom als PNG oder SVG speichern",
    "No network.": "Kein Netz.",
    "<b>%1</b> &nbsp; value %2": "<b>%1</b> &nbsp; Wert %2",
    " · bias %1": " · Bias %1",
    " · %L1 in, %L2 out · neuron %L3": " · %L1 ein, %L2 aus · Neuron %L3",
    " · <span style='color:%1'>part %2 of %3</span>": " · <span style='color:%1'>Teil %2 von %3</span>",
    "<b>%1</b> &nbsp; weight %2 · connection %L3": "<b>%1</b> &nbsp; Gewicht %2 · Verbindung %L3",
    "<span style='color:gray'>Click a neuron or a line to watch and edit it (Ctrl: add to the selection) · drag to pan · wheel to zoom</span>":
        "<span style='color:gray'>Neuron oder Linie anklicken: beobachten und bearbeiten (Strg: zur Auswahl) · ziehen: verschieben · Mausrad: zoomen</span>",
    "overview": "Übersicht",
    "values": "Werte",
    "%1 · %2 px/neuron": "%1 · %2 px/Neuron",
    "There is no network to export.": "Es gibt kein Netz zum Exportieren.",
    "Export Network": "Netz exportieren",
    "PNG image (*.png);;SVG drawing (*.svg)": "PNG-Bild (*.png);;SVG-Zeichnung (*.svg)",
    "Export failed": "Export fehlgeschlagen",
    # comparison with an earlier run
    "earlier run: training loss": "früherer Lauf: Trainingsfehler",
    "earlier run: test MSE": "früherer Lauf: Test-MSE",
    "earlier run: validation loss": "früherer Lauf: Validierungsfehler",
    " · compared with %1": " · verglichen mit %1",
    "&Compare with Run…": "Mit Lauf &vergleichen …",
    "Draw a previous run's loss curve (a loss CSV) on the error chart":
        "Die Fehlerkurve eines früheren Laufs (eine Loss-CSV) in das Fehlerdiagramm zeichnen",
    "C&lear Comparison": "Vergleich &entfernen",
    "Compare with Run": "Mit Lauf vergleichen",
    "Loss CSV (*.csv);;All files (*)": "Loss-CSV (*.csv);;Alle Dateien (*)",
    "The run could not be read:\n%1": "Der Lauf konnte nicht gelesen werden:\n%1",
    "Comparing with %1": "Vergleich mit %1",
    # main window: network export, watch list, edit menu
    "Exported the network to %1.": "Netz nach %1 exportiert.",
    "Watch List": "Beobachtungsliste",
    "&Edit": "&Bearbeiten",
    "&Undo": "&Rückgängig",
    "&Redo": "&Wiederholen",
    "Remove Selected from Watch List": "Ausgewählte aus der Beobachtungsliste entfernen",
    "Export &Network Image…": "&Netzbild exportieren …",
    "Save the network view as PNG or SVG": "Die Netzansicht als PNG oder SVG speichern",
    # watch list
    "Type a value and press Enter": "Einen Wert eingeben und Enter drücken",
    "Lock": "Sperren",
    "Keep training from changing this value": "Das Training diesen Wert nicht ändern lassen",
    "Remove from the watch list": "Aus der Beobachtungsliste entfernen",
    "The value while training runs": "Der Wert während des Trainings",
    "%1 … %2": "%1 … %2",
    "value %1": "Wert %1",
    "–": "–",
    "The neuron's value for the sample shown": "Der Wert des Neurons für das angezeigte Bild",
    "neuron %1": "Neuron %1",
    "layer %1": "Schicht %1",
    "%1 · x %2, y %3, c %4": "%1 · x %2, y %3, c %4",
    "connection %1": "Verbindung %1",
    "%1 → %2": "%1 → %2",
    "weight of connection %L1": "Gewicht der Verbindung %L1",
    "%1 · bias of neuron %L2": "%1 · Bias von Neuron %L2",
    "%1 · input neuron %L2 (no bias)": "%1 · Eingabeneuron %L2 (kein Bias)",
    "Set bias of %1 to %2": "Bias von %1 auf %2 setzen",
    "Set weight of %1 to %2": "Gewicht von %1 auf %2 setzen",
    "Undo": "Rückgängig",
    "Undo the last edit (Ctrl+Z)": "Die letzte Änderung rückgängig machen (Strg+Z)",
    "Undo: %1 (Ctrl+Z)": "Rückgängig: %1 (Strg+Z)",
    "Redo": "Wiederholen",
    "Redo (Ctrl+Shift+Z)": "Wiederholen (Strg+Umschalt+Z)",
    "Keep training from changing the selected values": "Das Training die ausgewählten Werte nicht ändern lassen",
    "Unlock": "Entsperren",
    "Let training change the selected values again": "Das Training die ausgewählten Werte wieder ändern lassen",
    "Remove": "Entfernen",
    "Remove the selected items (Delete)": "Die ausgewählten Einträge entfernen (Entf)",
    "Click a neuron or a connection in the network view to watch it here and edit its value. Ctrl+click adds to the selection.":
        "Ein Neuron oder eine Verbindung in der Netzansicht anklicken, um sie hier zu beobachten und ihren Wert zu bearbeiten. Strg+Klick fügt zur Auswahl hinzu.",
    "%n item(s)": ("%n Eintrag", "%n Einträge"),
}


def fill(path: Path, write: bool) -> int:
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        if source not in GERMAN:
            missing.append(source)
            continue
        german = GERMAN[source]
        if message.get("numerus") == "yes":  # %n: German's two forms (singular, plural)
            forms = translation.findall("numerusform")
            if not isinstance(german, tuple) or len(forms) != len(german):
                missing.append(source + " (needs %d plural forms)" % len(forms))
                continue
            for form, text in zip(forms, german):
                form.text = text
        else:
            translation.text = german
        translation.attrib.pop("type", None)  # finished
    if missing:
        print("no German text for:", *map(repr, missing), sep="\n  ", file=sys.stderr)
        return 1
    if not write:
        return 0
    tree.write(path, encoding="utf-8", xml_declaration=True)
    # ElementTree drops the DOCTYPE; lupdate and lrelease want it.
    text = path.read_text(encoding="utf-8").replace("?>\n<TS", "?>\n<!DOCTYPE TS>\n<TS", 1)
    path.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    return 0


def check(lupdate: str, sources_list: str) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        ts = Path(scratch) / "dendrite_de.ts"
        shutil.copy(Path(__file__).with_name("dendrite_de.ts"), ts)
        done = subprocess.run([lupdate, "-no-obsolete", "-locations", "none", "@" + sources_list, "-ts", str(ts)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            print(f"lupdate failed ({done.returncode}):", done.stdout, done.stderr, file=sys.stderr)
            return 1
        return fill(ts, write=False)


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        return check(sys.argv[2], sys.argv[3])
    if len(sys.argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    return fill(Path(__file__).with_name("dendrite_de.ts"), write=True)


if __name__ == "__main__":
    sys.exit(main())
