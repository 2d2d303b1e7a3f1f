<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ControlPanel</name>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Step size of the optimizer, on a logarithmic scale from 0.00001 to 1. Takes effect at the next mini-batch.</source>
        <translation>Schrittweite des Optimierers, logarithmisch von 0,00001 bis 1. Gilt ab dem nächsten Mini-Batch.</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>Images per mini-batch (1 to 1024, powers of two). Takes effect at the next mini-batch; the network is not reset.</source>
        <translation>Bilder pro Mini-Batch (1 bis 1024, Zweierpotenzen). Gilt ab dem nächsten Mini-Batch; das Netz wird nicht zurückgesetzt.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Train on one mini-batch</source>
        <translation>Mit einem Mini-Batch trainieren</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Stop and re-initialize the network with the same seed</source>
        <translation>Anhalten und das Netz mit demselben Seed neu initialisieren</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>per iteration (sample)</source>
        <translation>pro Iteration (Bild)</translation>
    </message>
    <message>
        <source>per mini-batch</source>
        <translation>pro Mini-Batch</translation>
    </message>
    <message>
        <source>per full pass</source>
        <translation>pro Durchlauf</translation>
    </message>
    <message>
        <source>per full pass (estimate)</source>
        <translation>pro Durchlauf (geschätzt)</translation>
    </message>
    <message>
        <source>samples per second</source>
        <translation>Bilder pro Sekunde</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>steps (mini-batches)</source>
        <translation>Schritte (Mini-Batches)</translation>
    </message>
    <message>
        <source>full passes</source>
        <translation>Durchläufe</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>Trainingsfehler</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>Validierungsfehler</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>training / validation</source>
        <translation>Training / Validierung</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netz</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>neurons</source>
        <translation>Neuronen</translation>
    </message>
    <message>
        <source>connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>image size</source>
        <translation>Bildgröße</translation>
    </message>
</context>
<context>
    <name>FileSaving</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Writing %1 failed: %2</source>
        <translation>Schreiben von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Saving %1 failed: %2</source>
        <translation>Speichern von %1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>NetworkExport</name>
    <message>
        <source>Dendrite network</source>
        <translation>Dendrite-Netz</translation>
    </message>
    <message>
        <source>Neurons coloured by activation, connections by weight</source>
        <translation>Neuronen nach Aktivierung gefärbt, Verbindungen nach Gewicht</translation>
    </message>
    <message>
        <source>Cannot encode %1 as PNG.</source>
        <translation>%1 kann nicht als PNG kodiert werden.</translation>
    </message>
    <message>
        <source>Cannot export to %1: use a .png or .svg file name.</source>
        <translation>Export nach %1 nicht möglich: einen Dateinamen auf .png oder .svg wählen.</translation>
    </message>
</context>
<context>
    <name>NetworkLegend</name>
    <message>
        <source>scale</source>
        <translation>Skala</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>activation (scale per layer)</source>
        <translation>Aktivierung (Skala je Schicht)</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>Gewicht</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1 (embedding)</source>
        <translation>%1 (Einbettung)</translation>
    </message>
    <message>
        <source>%L1 neurons</source>
        <translation>%L1 Neuronen</translation>
    </message>
</context>
<context>
    <name>dendrite::CustomInput</name>
    <message>
        <source>gray</source>
        <translation>Grau</translation>
    </message>
    <message>
        <source>gray + alpha</source>
        <translation>Grau + Alpha</translation>
    </message>
    <message>
        <source>RGB</source>
        <translation>RGB</translation>
    </message>
    <message>
        <source>RGBA</source>
        <translation>RGBA</translation>
    </message>
    <message>
        <source>Cannot open the image</source>
        <translation>Das Bild kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 could not be used as input:

%2</source>
        <translation>%1 kann nicht als Eingabe verwendet werden:

%2</translation>
    </message>
    <message>
        <source>The image runs through the network once one is in place.</source>
        <translation>Das Bild läuft durch das Netz, sobald eines bereitsteht.</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 ist keine Datei.</translation>
    </message>
    <message>
        <source>Open an image file (or drop one on the window) to run it through the network.</source>
        <translation>Eine Bilddatei öffnen (oder auf das Fenster ziehen), um sie durch das Netz laufen zu lassen.</translation>
    </message>
    <message>
        <source>%1: waiting for a network.</source>
        <translation>%1: wartet auf ein Netz.</translation>
    </message>
    <message>
        <source>%1, as the network expects: no conversion needed.</source>
        <translation>%1, wie das Netz es erwartet: keine Umwandlung nötig.</translation>
    </message>
    <message>
        <source>converted %1 → %2</source>
        <translation>umgewandelt %1 → %2</translation>
    </message>
    <message>
        <source> (stretched)</source>
        <translation> (gestreckt)</translation>
    </message>
    <message>
        <source> (centre cropped)</source>
        <translation> (Mitte zugeschnitten)</translation>
    </message>
    <message>
        <source> (padded with black)</source>
        <translation> (mit Schwarz aufgefüllt)</translation>
    </message>
    <message>
        <source>, inverted</source>
        <translation>, invertiert</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Nichts zu exportieren</translation>
    </message>
    <message>
        <source>There is no custom input and reconstruction yet: open an image file first.</source>
        <translation>Es gibt noch keine eigene Eingabe und Rekonstruktion: zuerst eine Bilddatei öffnen.</translation>
    </message>
    <message>
        <source>Cannot export the custom input</source>
        <translation>Die eigene Eingabe kann nicht exportiert werden</translation>
    </message>
    <message>
        <source>Cannot export the reconstruction</source>
        <translation>Die Rekonstruktion kann nicht exportiert werden</translation>
    </message>
    <message>
        <source>Exported %1 and %2.</source>
        <translation>%1 und %2 exportiert.</translation>
    </message>
    <message>
        <source>%1 channels</source>
        <translation>%1 Kanäle</translation>
    </message>
</context>
<context>
    <name>dendrite::CustomInputView</name>
    <message>
        <source>Open Image…</source>
        <translation>Bild öffnen …</translation>
    </message>
    <message>
        <source>Run any image file through the autoencoder (no training); you can also drop one on the window</source>
        <translation>Eine beliebige Bilddatei durch den Autoencoder laufen lassen (ohne Training); sie kann auch auf das Fenster gezogen werden</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Save the converted input and its reconstruction as PNG in the output folder</source>
        <translation>Die umgewandelte Eingabe und ihre Rekonstruktion als PNG im Ausgabeordner speichern</translation>
    </message>
    <message>
        <source>Edit Its Embedding</source>
        <translation>Seine Einbettung bearbeiten</translation>
    </message>
    <message>
        <source>Put this image’s embedding on the sliders of the embedding editor</source>
        <translation>Die Einbettung dieses Bildes auf die Schieberegler des Einbettungseditors legen</translation>
    </message>
    <message>
        <source>Stretch</source>
        <translation>Strecken</translation>
    </message>
    <message>
        <source>Centre crop</source>
        <translation>Mitte zuschneiden</translation>
    </message>
    <message>
        <source>Pad</source>
        <translation>Auffüllen</translation>
    </message>
    <message>
        <source>How an image of another aspect ratio is brought to the network’s input size</source>
        <translation>Wie ein Bild mit anderem Seitenverhältnis auf die Eingabegröße des Netzes gebracht wird</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>Invertieren</translation>
    </message>
    <message>
        <source>Dark on light becomes light on dark, like Fashion-MNIST</source>
        <translation>Dunkel auf hell wird hell auf dunkel, wie bei Fashion-MNIST</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.pgm *.ppm *.pnm *.tga *.psd *.hdr *.pic);;All files (*)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.bmp *.gif *.pgm *.ppm *.pnm *.tga *.psd *.hdr *.pic);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The output is the network’s reconstruction with the parameters of step %L1; nothing was trained on this image.</source>
        <translation>Die Ausgabe ist die Rekonstruktion des Netzes mit den Parametern von Schritt %L1; mit diesem Bild wurde nicht trainiert.</translation>
    </message>
</context>
<context>
    <name>dendrite::DatasetModel</name>
    <message>
        <source>#%1</source>
        <translation>Nr. %1</translation>
    </message>
</context>
<context>
    <name>dendrite::EmbeddingEditor</name>
    <message>
        <source>Measuring the ranges again… %1 %</source>
        <translation>Die Wertebereiche werden neu gemessen … %1 %</translation>
    </message>
    <message>
        <source>Measuring the ranges over the dataset… %1 %</source>
        <translation>Die Wertebereiche über den Datensatz werden gemessen … %1 %</translation>
    </message>
    <message>
        <source>Ranges: not measured yet (open a dataset that fits the network).</source>
        <translation>Wertebereiche: noch nicht gemessen (einen zum Netz passenden Datensatz öffnen).</translation>
    </message>
    <message>
        <source>Ranges over %L1 images, measured at step %L2.</source>
        <translation>Wertebereiche über %L1 Bilder, gemessen bei Schritt %L2.</translation>
    </message>
    <message>
        <source>Open a dataset to measure the ranges and to encode its images.</source>
        <translation>Einen Datensatz öffnen, um die Wertebereiche zu messen und seine Bilder zu kodieren.</translation>
    </message>
    <message>
        <source>The dataset’s images (%1) do not fit the network’s input (%2).</source>
        <translation>Die Bilder des Datensatzes (%1) passen nicht zur Eingabe des Netzes (%2).</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>The embedding has %L1 values, but this network’s embedding layer ‘%2’ (%3) has %L4; nothing was changed.</source>
        <translation>Die Einbettung hat %L1 Werte, die Einbettungsschicht ‚%2‘ (%3) dieses Netzes aber %L4; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Embedding value %L1 is %2, not a finite number; nothing was changed.</source>
        <translation>Einbettungswert %L1 ist %2, keine endliche Zahl; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Sample %L1 does not exist.</source>
        <translation>Bild %L1 gibt es nicht.</translation>
    </message>
    <message>
        <source>There is no network to encode with yet.</source>
        <translation>Es gibt noch kein Netz zum Kodieren.</translation>
    </message>
    <message>
        <source>The image is %1, but the network’s input is %2.</source>
        <translation>Das Bild hat das Format %1, die Eingabe des Netzes aber %2.</translation>
    </message>
    <message>
        <source>The ranges could not be measured: %1</source>
        <translation>Die Wertebereiche konnten nicht gemessen werden: %1</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Nichts zu exportieren</translation>
    </message>
    <message>
        <source>There is no decoded image yet: create or open a network first.</source>
        <translation>Es gibt noch kein dekodiertes Bild: zuerst ein Netz erzeugen oder öffnen.</translation>
    </message>
    <message>
        <source>Cannot export the decoded image</source>
        <translation>Das dekodierte Bild kann nicht exportiert werden</translation>
    </message>
    <message>
        <source>Cannot export the embedding values</source>
        <translation>Die Einbettungswerte können nicht exportiert werden</translation>
    </message>
    <message>
        <source>Exported %1 (values in %2).</source>
        <translation>%1 exportiert (Werte in %2).</translation>
    </message>
    <message>
        <source>There is no interpolation strip yet: choose two images first.</source>
        <translation>Es gibt noch keinen Interpolationsstreifen: zuerst zwei Bilder wählen.</translation>
    </message>
    <message>
        <source>Cannot export the interpolation</source>
        <translation>Die Interpolation kann nicht exportiert werden</translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation>%1 exportiert.</translation>
    </message>
</context>
<context>
    <name>dendrite::EmbeddingEditorView</name>
    <message>
        <source>Decoded</source>
        <translation>Dekodiert</translation>
    </message>
    <message>
        <source>Encode Current Image</source>
        <translation>Aktuelles Bild kodieren</translation>
    </message>
    <message>
        <source>Set the values to the embedding of the sample shown in Images</source>
        <translation>Die Werte auf die Einbettung des unter Bilder gezeigten Bildes setzen</translation>
    </message>
    <message>
        <source>Randomize</source>
        <translation>Zufällig</translation>
    </message>
    <message>
        <source>Draw every value uniformly from its range over the dataset</source>
        <translation>Jeden Wert gleichverteilt aus seinem Wertebereich über den Datensatz ziehen</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Back to the values of the last encoded image</source>
        <translation>Zurück zu den Werten des zuletzt kodierten Bildes</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Save the decoded image as PNG (and its values as text) in the output folder</source>
        <translation>Das dekodierte Bild als PNG (und seine Werte als Text) im Ausgabeordner speichern</translation>
    </message>
    <message>
        <source>Measure Again</source>
        <translation>Neu messen</translation>
    </message>
    <message>
        <source>Encode every image of the dataset again with the current parameters to find each value's range</source>
        <translation>Jedes Bild des Datensatzes mit den aktuellen Parametern neu kodieren, um den Wertebereich jedes Wertes zu finden</translation>
    </message>
    <message>
        <source>Showing the first %L1 of %L2 values; the others keep their encoded values.</source>
        <translation>Gezeigt werden die ersten %L1 von %L2 Werten; die übrigen behalten ihre kodierten Werte.</translation>
    </message>
    <message>
        <source>Embedding value %1: neuron %2 of the %3 embedding layer</source>
        <translation>Einbettungswert %1: Neuron %2 der Einbettungsschicht %3</translation>
    </message>
    <message>
        <source>Over the dataset: %1 … %2</source>
        <translation>Über den Datensatz: %1 … %2</translation>
    </message>
    <message>
        <source>Slider range (not measured yet): %1 … %2</source>
        <translation>Reglerbereich (noch nicht gemessen): %1 … %2</translation>
    </message>
    <message>
        <source>Decoded (step %L1)</source>
        <translation>Dekodiert (Schritt %L1)</translation>
    </message>
</context>
<context>
    <name>dendrite::ErrorChart</name>
    <message>
        <source>training loss (each step)</source>
        <translation>Trainingsfehler (jeder Schritt)</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>Validierungsfehler</translation>
    </message>
    <message>
        <source>end of a full pass</source>
        <translation>Ende eines Durchlaufs</translation>
    </message>
    <message>
        <source>step (mini-batch)</source>
        <translation>Schritt (Mini-Batch)</translation>
    </message>
    <message>
        <source>&amp;Logarithmic scale</source>
        <translation>&amp;Logarithmische Skala</translation>
    </message>
    <message>
        <source>loss (mean squared error)</source>
        <translation>Fehler (mittlerer quadratischer Fehler)</translation>
    </message>
    <message>
        <source>No steps yet — press Start.</source>
        <translation>Noch keine Schritte – auf Start drücken.</translation>
    </message>
    <message>
        <source>%L1 steps · last %2 steps: %3</source>
        <translation>%L1 Schritte · letzte %2 Schritte: %3</translation>
    </message>
    <message>
        <source> · validation: %1</source>
        <translation> · Validierung: %1</translation>
    </message>
    <message>
        <source>moving average (%1 steps)</source>
        <translation>gleitender Mittelwert (%1 Schritte)</translation>
    </message>
    <message>
        <source>end of a full pass (1 in %L1 shown)</source>
        <translation>Ende eines Durchlaufs (jeder %L1. gezeigt)</translation>
    </message>
    <message>
        <source>earlier run: training loss</source>
        <translation>früherer Lauf: Trainingsfehler</translation>
    </message>
    <message>
        <source>earlier run: test MSE</source>
        <translation>früherer Lauf: Test-MSE</translation>
    </message>
    <message>
        <source>earlier run: validation loss</source>
        <translation>früherer Lauf: Validierungsfehler</translation>
    </message>
    <message>
        <source> · compared with %1</source>
        <translation> · verglichen mit %1</translation>
    </message>
</context>
<context>
    <name>dendrite::ImagePanel</name>
    <message>
        <source>no image</source>
        <translation>kein Bild</translation>
    </message>
    <message>
        <source>Ctrl+wheel zooms, double-click fits the image to the panel</source>
        <translation>Strg+Mausrad zoomt, Doppelklick passt das Bild in die Fläche ein</translation>
    </message>
    <message>
        <source>fit (×%1)</source>
        <translation>eingepasst (×%1)</translation>
    </message>
    <message>
        <source>×%1</source>
        <translation>×%1</translation>
    </message>
</context>
<context>
    <name>dendrite::ImageStrip</name>
    <message>
        <source>no images</source>
        <translation>keine Bilder</translation>
    </message>
</context>
<context>
    <name>dendrite::InterpolationView</name>
    <message>
        <source>Current</source>
        <translation>Aktuelles</translation>
    </message>
    <message>
        <source>Start from the sample shown in Images</source>
        <translation>Beim unter Bilder gezeigten Bild beginnen</translation>
    </message>
    <message>
        <source>End at the sample shown in Images</source>
        <translation>Beim unter Bilder gezeigten Bild enden</translation>
    </message>
    <message>
        <source>Export Strip</source>
        <translation>Streifen exportieren</translation>
    </message>
    <message>
        <source>Save the decoded steps side by side as one PNG in the output folder</source>
        <translation>Die dekodierten Schritte nebeneinander als ein PNG im Ausgabeordner speichern</translation>
    </message>
    <message>
        <source>From sample</source>
        <translation>Von Bild</translation>
    </message>
    <message>
        <source>to sample</source>
        <translation>bis Bild</translation>
    </message>
    <message>
        <source>in</source>
        <translation>in</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>Schritten</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>Nr. %1</translation>
    </message>
    <message>
        <source>Open a dataset that fits the network to interpolate between two of its images.</source>
        <translation>Einen zum Netz passenden Datensatz öffnen, um zwischen zwei seiner Bilder zu interpolieren.</translation>
    </message>
    <message>
        <source>The framed images are samples %L1 and %L2; between them, the decodes of %L3 embeddings evenly spaced on the straight line from the first sample’s embedding to the second’s.</source>
        <translation>Die umrahmten Bilder sind die Bilder %L1 und %L2; dazwischen die Dekodierungen von %L3 Einbettungen, gleichmäßig verteilt auf der Strecke von der Einbettung des ersten Bildes zu der des zweiten.</translation>
    </message>
</context>
<context>
    <name>dendrite::MainWindow</name>
    <message>
        <source>Training stopped</source>
        <translation>Training angehalten</translation>
    </message>
    <message>
        <source>%1

Move the learning-rate slider to the left and press Start to continue.</source>
        <translation>%1

Den Lernraten-Regler nach links schieben und zum Fortsetzen auf Start drücken.</translation>
    </message>
    <message>
        <source>Exporting reconstructions…</source>
        <translation>Rekonstruktionen werden exportiert …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>The control panel could not be loaded:
%1

The Training menu still works.</source>
        <translation>Das Bedienfeld konnte nicht geladen werden:
%1

Das Menü „Training“ funktioniert weiterhin.</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Network…</source>
        <translation>&amp;Neues Netz …</translation>
    </message>
    <message>
        <source>Create a network from a preset or a spec</source>
        <translation>Ein Netz aus einer Vorlage oder einer Beschreibung erzeugen</translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation>Modell ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open a .dendrite model file</source>
        <translation>Eine .dendrite-Modelldatei öffnen</translation>
    </message>
    <message>
        <source>&amp;Save Model</source>
        <translation>Modell &amp;speichern</translation>
    </message>
    <message>
        <source>Save the network and its training state</source>
        <translation>Das Netz und seinen Trainingsstand speichern</translation>
    </message>
    <message>
        <source>Save Model &amp;As…</source>
        <translation>Modell speichern &amp;unter …</translation>
    </message>
    <message>
        <source>&amp;Export Shown Output</source>
        <translation>Angezeigte Ausgabe &amp;exportieren</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Save the reconstruction shown on the right as PNG in the output folder</source>
        <translation>Die rechts angezeigte Rekonstruktion als PNG im Ausgabeordner speichern</translation>
    </message>
    <message>
        <source>Export &amp;All Reconstructions</source>
        <translation>&amp;Alle Rekonstruktionen exportieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Reconstruct every image of the dataset into PNG files in the output folder</source>
        <translation>Jedes Bild des Datensatzes rekonstruieren und als PNG im Ausgabeordner speichern</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Dataset</source>
        <translation>Daten&amp;satz</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Train on a folder of images</source>
        <translation>Mit einem Ordner voller Bilder trainieren</translation>
    </message>
    <message>
        <source>Open &amp;IDX File…</source>
        <translation>&amp;IDX-Datei öffnen …</translation>
    </message>
    <message>
        <source>Train on an IDX file such as Fashion-MNIST</source>
        <translation>Mit einer IDX-Datei wie Fashion-MNIST trainieren</translation>
    </message>
    <message>
        <source>&amp;Skipped Files…</source>
        <translation>Ü&amp;bersprungene Dateien …</translation>
    </message>
    <message>
        <source>&amp;Previous Sample</source>
        <translation>&amp;Vorheriges Bild</translation>
    </message>
    <message>
        <source>Alt+Left</source>
        <translation>Alt+Left</translation>
    </message>
    <message>
        <source>&amp;Next Sample</source>
        <translation>&amp;Nächstes Bild</translation>
    </message>
    <message>
        <source>Alt+Right</source>
        <translation>Alt+Right</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>Train until stopped</source>
        <translation>Trainieren, bis angehalten wird</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>St&amp;opp</translation>
    </message>
    <message>
        <source>Shift+F5</source>
        <translation>Shift+F5</translation>
    </message>
    <message>
        <source>Stop after the current mini-batch</source>
        <translation>Nach dem laufenden Mini-Batch anhalten</translation>
    </message>
    <message>
        <source>St&amp;ep</source>
        <translation>Sch&amp;ritt</translation>
    </message>
    <message>
        <source>F10</source>
        <translation>F10</translation>
    </message>
    <message>
        <source>Train on one mini-batch</source>
        <translation>Mit einem Mini-Batch trainieren</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Stop and re-initialize the network with the same seed</source>
        <translation>Anhalten und das Netz mit demselben Seed neu initialisieren</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Logarithmic Loss Scale</source>
        <translation>&amp;Logarithmische Fehlerskala</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Zoom &amp;In Images</source>
        <translation>Bilder ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out Images</source>
        <translation>Bilder ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit Images</source>
        <translation>Bilder &amp;einpassen</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Dendrite</source>
        <translation>Ü&amp;ber Dendrite</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>%1 — Dendrite</source>
        <translation>%1 — Dendrite</translation>
    </message>
    <message>
        <source>Dendrite</source>
        <translation>Dendrite</translation>
    </message>
    <message>
        <source>Open Dataset Folder</source>
        <translation>Datensatz-Ordner öffnen</translation>
    </message>
    <message>
        <source>Open IDX File</source>
        <translation>IDX-Datei öffnen</translation>
    </message>
    <message>
        <source>IDX images (*-ubyte *-ubyte.gz *.idx *.idx.gz);;All files (*)</source>
        <translation>IDX-Bilder (*-ubyte *-ubyte.gz *.idx *.idx.gz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <source>Dendrite models (*.dendrite);;All files (*)</source>
        <translation>Dendrite-Modelle (*.dendrite);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save Model As</source>
        <translation>Modell speichern unter</translation>
    </message>
    <message>
        <source>Dendrite models (*.dendrite)</source>
        <translation>Dendrite-Modelle (*.dendrite)</translation>
    </message>
    <message>
        <source>Skipped Files</source>
        <translation>Übersprungene Dateien</translation>
    </message>
    <message>
        <source>Files of %1 that could not be used: %L2.</source>
        <translation>Nicht verwendbare Dateien in %1: %L2.</translation>
    </message>
    <message>
        <source>About Dendrite</source>
        <translation>Über Dendrite</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Dendrite %1&lt;/h3&gt;&lt;p&gt;Trains image autoencoders built from explicit neurons and connections, and shows the network while it learns.&lt;/p&gt;&lt;p&gt;Built with Qt %2. Config file: %3&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Dendrite %1&lt;/h3&gt;&lt;p&gt;Trainiert Bild-Autoencoder aus einzelnen Neuronen und Verbindungen und zeigt das Netz, während es lernt.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2. Konfigurationsdatei: %3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>Training läuft …</translation>
    </message>
    <message>
        <source>Stopped after step %L1.</source>
        <translation>Angehalten nach Schritt %L1.</translation>
    </message>
    <message>
        <source>Open Dataset &amp;Folder…</source>
        <translation>Datensatz-&amp;Ordner öffnen …</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>Einbettung</translation>
    </message>
    <message>
        <source>Interpolation</source>
        <translation>Interpolation</translation>
    </message>
    <message>
        <source>Custom Input</source>
        <translation>Eigene Eingabe</translation>
    </message>
    <message>
        <source>E&amp;mbedding</source>
        <translation>E&amp;inbettung</translation>
    </message>
    <message>
        <source>&amp;Encode Current Image</source>
        <translation>Aktuelles Bild &amp;kodieren</translation>
    </message>
    <message>
        <source>Set the embedding editor's values to the embedding of the sample shown</source>
        <translation>Die Werte des Einbettungseditors auf die Einbettung des gezeigten Bildes setzen</translation>
    </message>
    <message>
        <source>&amp;Randomize</source>
        <translation>&amp;Zufällig</translation>
    </message>
    <message>
        <source>Draw every embedding value from its range over the dataset</source>
        <translation>Jeden Einbettungswert aus seinem Wertebereich über den Datensatz ziehen</translation>
    </message>
    <message>
        <source>Re&amp;set Values</source>
        <translation>Werte &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Back to the last encoded image</source>
        <translation>Zurück zum zuletzt kodierten Bild</translation>
    </message>
    <message>
        <source>&amp;Measure Ranges Again</source>
        <translation>Wertebereiche neu &amp;messen</translation>
    </message>
    <message>
        <source>Encode every image of the dataset to find each value's range</source>
        <translation>Jedes Bild des Datensatzes kodieren, um den Wertebereich jedes Wertes zu finden</translation>
    </message>
    <message>
        <source>Export &amp;Decoded Image</source>
        <translation>&amp;Dekodiertes Bild exportieren</translation>
    </message>
    <message>
        <source>Save the decoded image as PNG in the output folder</source>
        <translation>Das dekodierte Bild als PNG im Ausgabeordner speichern</translation>
    </message>
    <message>
        <source>Export &amp;Interpolation Strip</source>
        <translation>&amp;Interpolationsstreifen exportieren</translation>
    </message>
    <message>
        <source>Save the interpolation's decoded steps as one PNG in the output folder</source>
        <translation>Die dekodierten Schritte der Interpolation als ein PNG im Ausgabeordner speichern</translation>
    </message>
    <message>
        <source>Open &amp;Custom Image…</source>
        <translation>&amp;Eigenes Bild öffnen …</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Run any image file through the autoencoder without training</source>
        <translation>Eine beliebige Bilddatei ohne Training durch den Autoencoder laufen lassen</translation>
    </message>
    <message>
        <source>Export Custom Input and &amp;Output</source>
        <translation>Eigene Eingabe und &amp;Ausgabe exportieren</translation>
    </message>
    <message>
        <source>Save the custom input and its reconstruction as PNG in the output folder</source>
        <translation>Die eigene Eingabe und ihre Rekonstruktion als PNG im Ausgabeordner speichern</translation>
    </message>
    <message>
        <source>&amp;Compare with Run…</source>
        <translation>Mit Lauf &amp;vergleichen …</translation>
    </message>
    <message>
        <source>Draw a previous run's loss curve (a loss CSV) on the error chart</source>
        <translation>Die Fehlerkurve eines früheren Laufs (eine Loss-CSV) in das Fehlerdiagramm zeichnen</translation>
    </message>
    <message>
        <source>C&amp;lear Comparison</source>
        <translation>Vergleich &amp;entfernen</translation>
    </message>
    <message>
        <source>Compare with Run</source>
        <translation>Mit Lauf vergleichen</translation>
    </message>
    <message>
        <source>Loss CSV (*.csv);;All files (*)</source>
        <translation>Loss-CSV (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The run could not be read:
%1</source>
        <translation>Der Lauf konnte nicht gelesen werden:
%1</translation>
    </message>
    <message>
        <source>Comparing with %1</source>
        <translation>Vergleich mit %1</translation>
    </message>
    <message>
        <source>Exported the network to %1.</source>
        <translation>Netz nach %1 exportiert.</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netz</translation>
    </message>
    <message>
        <source>Watch List</source>
        <translation>Beobachtungsliste</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Remove Selected from Watch List</source>
        <translation>Ausgewählte aus der Beobachtungsliste entfernen</translation>
    </message>
    <message>
        <source>Export &amp;Network Image…</source>
        <translation>&amp;Netzbild exportieren …</translation>
    </message>
    <message>
        <source>Save the network view as PNG or SVG</source>
        <translation>Die Netzansicht als PNG oder SVG speichern</translation>
    </message>
</context>
<context>
    <name>dendrite::NetworkSummary</name>
    <message>
        <source>%1: %2 %3, %L4 neurons, %L5 connections</source>
        <translation>%1: %2 %3, %L4 Neuronen, %L5 Verbindungen</translation>
    </message>
    <message>
        <source> (embedding)</source>
        <translation> (Einbettung)</translation>
    </message>
    <message>
        <source>no network</source>
        <translation>kein Netz</translation>
    </message>
    <message>
        <source>custom network</source>
        <translation>eigenes Netz</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
</context>
<context>
    <name>dendrite::NetworkView</name>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Show the whole network</source>
        <translation>Das ganze Netz zeigen</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Zoom out (or turn the mouse wheel)</source>
        <translation>Verkleinern (oder das Mausrad drehen)</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in (or turn the mouse wheel)</source>
        <translation>Vergrößern (oder das Mausrad drehen)</translation>
    </message>
    <message>
        <source> Connections </source>
        <translation> Verbindungen </translation>
    </message>
    <message>
        <source>By zoom</source>
        <translation>Nach Zoom</translation>
    </message>
    <message>
        <source>Bundles</source>
        <translation>Bündel</translation>
    </message>
    <message>
        <source>Strongest</source>
        <translation>Stärkste</translation>
    </message>
    <message>
        <source>Selected only</source>
        <translation>Nur ausgewählte</translation>
    </message>
    <message>
        <source>By zoom: bundles between layer regions when zoomed out, the strongest connections when zoomed in, only the hovered and selected neurons' connections when the values show</source>
        <translation>Nach Zoom: herausgezoomt Bündel zwischen Schichtbereichen, hineingezoomt die stärksten Verbindungen, sobald die Werte zu sehen sind nur die Verbindungen der berührten und ausgewählten Neuronen</translation>
    </message>
    <message>
        <source>top </source>
        <translation>Top </translation>
    </message>
    <message>
        <source>How many of each layer's connections with the largest |weight| are drawn</source>
        <translation>Wie viele Verbindungen jeder Schicht mit dem größten |Gewicht| gezeichnet werden</translation>
    </message>
    <message>
        <source> Colours </source>
        <translation> Farben </translation>
    </message>
    <message>
        <source>Per layer</source>
        <translation>Je Schicht</translation>
    </message>
    <message>
        <source>Which |activation| gets the strongest colour: each layer its own, or one scale for all</source>
        <translation>Welche |Aktivierung| die kräftigste Farbe bekommt: jede Schicht ihre eigene oder eine Skala für alle</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <source>Graph networks: tint every neuron with the colour of the part (one per training thread) that computes it</source>
        <translation>Graphnetze: jedes Neuron in der Farbe des Teils (einer je Trainingsthread) tönen, der es berechnet</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Save the whole network as PNG or SVG at the current zoom</source>
        <translation>Das ganze Netz beim aktuellen Zoom als PNG oder SVG speichern</translation>
    </message>
    <message>
        <source>No network.</source>
        <translation>Kein Netz.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; value %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; Wert %2</translation>
    </message>
    <message>
        <source> · bias %1</source>
        <translation> · Bias %1</translation>
    </message>
    <message>
        <source> · %L1 in, %L2 out · neuron %L3</source>
        <translation> · %L1 ein, %L2 aus · Neuron %L3</translation>
    </message>
    <message>
        <source> · &lt;span style='color:%1'&gt;part %2 of %3&lt;/span&gt;</source>
        <translation> · &lt;span style='color:%1'&gt;Teil %2 von %3&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; weight %2 · connection %L3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; Gewicht %2 · Verbindung %L3</translation>
    </message>
    <message>
        <source>&lt;span style='color:gray'&gt;Click a neuron or a line to watch and edit it (Ctrl: add to the selection) · drag to pan · wheel to zoom&lt;/span&gt;</source>
        <translation>&lt;span style='color:gray'&gt;Neuron oder Linie anklicken: beobachten und bearbeiten (Strg: zur Auswahl) · ziehen: verschieben · Mausrad: zoomen&lt;/span&gt;</translation>
    </message>
    <message>
        <source>overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>neurons</source>
        <translation>Neuronen</translation>
    </message>
    <message>
        <source>values</source>
        <translation>Werte</translation>
    </message>
    <message>
        <source>%1 · %2 px/neuron</source>
        <translation>%1 · %2 px/Neuron</translation>
    </message>
    <message>
        <source>There is no network to export.</source>
        <translation>Es gibt kein Netz zum Exportieren.</translation>
    </message>
    <message>
        <source>Export Network</source>
        <translation>Netz exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>dendrite::NewNetworkDialog</name>
    <message>
        <source>New Network</source>
        <translation>Neues Netz</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>eigenes</translation>
    </message>
    <message>
        <source>input 28x28x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 28x28x1 linear</source>
        <translation>input 28x28x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 28x28x1 linear</translation>
    </message>
    <message>
        <source>default (fastest validated)</source>
        <translation>Standard (das schnellste geprüfte)</translation>
    </message>
    <message>
        <source>Layers: &lt;tt&gt;[name:] input|dense|local|up WxHxC [kK] [sS] [linear|sigmoid] [embedding]&lt;/tt&gt;, separated by &lt;tt&gt;|&lt;/tt&gt; or new lines.</source>
        <translation>Schichten: &lt;tt&gt;[Name:] input|dense|local|up BxHxK [kK] [sS] [linear|sigmoid] [embedding]&lt;/tt&gt;, getrennt durch &lt;tt&gt;|&lt;/tt&gt; oder Zeilenumbrüche.</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
    <message>
        <source>&amp;Spec:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>&amp;Module:</source>
        <translation>&amp;Modul:</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>S&amp;eed:</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Erzeugen</translation>
    </message>
</context>
<context>
    <name>dendrite::PassProgress</name>
    <message>
        <source>pass %1 · %2 %</source>
        <translation>Durchlauf %1 · %2 %</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>Time left in this full pass at the current speed</source>
        <translation>Restzeit dieses Durchlaufs bei der aktuellen Geschwindigkeit</translation>
    </message>
</context>
<context>
    <name>dendrite::PreferencesDialog</name>
    <message>
        <source>&amp;Input images:</source>
        <translation>&amp;Eingabebilder:</translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation>&amp;Modelle:</translation>
    </message>
    <message>
        <source>&amp;Output images:</source>
        <translation>&amp;Ausgabebilder:</translation>
    </message>
    <message>
        <source>&amp;Snapshot every:</source>
        <translation>&amp;Zwischenstand alle:</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>&amp;Threads:</translation>
    </message>
    <message>
        <source>Default &amp;network:</source>
        <translation>Standard-&amp;Netz:</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>&amp;Lernrate:</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Batchgröße:</translation>
    </message>
    <message>
        <source>Folder of training images (or an IDX file) opened at start-up</source>
        <translation>Ordner mit Trainingsbildern (oder eine IDX-Datei), der beim Start geöffnet wird</translation>
    </message>
    <message>
        <source>Where models and snapshots are saved</source>
        <translation>Wo Modelle und Zwischenstände gespeichert werden</translation>
    </message>
    <message>
        <source>Where exported output images are written</source>
        <translation>Wohin exportierte Ausgabebilder geschrieben werden</translation>
    </message>
    <message>
        <source>Rewrite the model file every N steps while training (0: never)</source>
        <translation>Die Modelldatei beim Training alle N Schritte neu schreiben (0: nie)</translation>
    </message>
    <message>
        <source>Threads that train the network (0: all cores)</source>
        <translation>Threads, die das Netz trainieren (0: alle Kerne)</translation>
    </message>
    <message>
        <source>Preset name or network spec created at start-up</source>
        <translation>Vorlage oder Netzbeschreibung, die beim Start erzeugt wird</translation>
    </message>
    <message>
        <source>Learning rate at start-up (the last one used)</source>
        <translation>Lernrate beim Start (die zuletzt benutzte)</translation>
    </message>
    <message>
        <source>Batch size at start-up (the last one used)</source>
        <translation>Batchgröße beim Start (die zuletzt benutzte)</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Values are taken from these preferences first, then from the config file &lt;b&gt;%1&lt;/b&gt;, then from the built-in defaults.</source>
        <translation>Werte kommen zuerst aus diesen Einstellungen, dann aus der Konfigurationsdatei &lt;b&gt;%1&lt;/b&gt;, dann aus den eingebauten Vorgaben.</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> Schritte</translation>
    </message>
    <message>
        <source>all cores (%1)</source>
        <translation>alle Kerne (%1)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Write to config file</source>
        <translation>In Konfigurationsdatei schreiben</translation>
    </message>
    <message>
        <source>Save this value in %1</source>
        <translation>Diesen Wert in %1 speichern</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>Vergessen</translation>
    </message>
    <message>
        <source>Remove this preference: the config file or the default applies again</source>
        <translation>Diese Einstellung entfernen: Konfigurationsdatei oder Vorgabe gelten wieder</translation>
    </message>
    <message>
        <source>The config file was not used: %1</source>
        <translation>Die Konfigurationsdatei wurde nicht verwendet: %1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>aus %1</translation>
    </message>
    <message>
        <source>Cannot write the config file</source>
        <translation>Die Konfigurationsdatei kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Wrote %1 to %2.</source>
        <translation>%1 in %2 geschrieben.</translation>
    </message>
</context>
<context>
    <name>dendrite::SampleView</name>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output (reconstruction)</source>
        <translation>Ausgabe (Rekonstruktion)</translation>
    </message>
    <message>
        <source>Previous sample</source>
        <translation>Vorheriges Bild</translation>
    </message>
    <message>
        <source>Next sample</source>
        <translation>Nächstes Bild</translation>
    </message>
    <message>
        <source>sample </source>
        <translation>Bild </translation>
    </message>
</context>
<context>
    <name>dendrite::SettingsModel</name>
    <message>
        <source>default</source>
        <translation>Vorgabe</translation>
    </message>
    <message>
        <source>config file, line %1</source>
        <translation>Konfigurationsdatei, Zeile %1</translation>
    </message>
    <message>
        <source>command line (%1)</source>
        <translation>Befehlszeile (%1)</translation>
    </message>
    <message>
        <source>preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Unknown setting “%1”.</source>
        <translation>Unbekannte Einstellung „%1“.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The folder %1 cannot be read.</source>
        <translation>Der Ordner %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>%1 is neither a folder of images nor an IDX file.</source>
        <translation>%1 ist weder ein Bilderordner noch eine IDX-Datei.</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <source>The folder %1 is not writable.</source>
        <translation>In den Ordner %1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>The folder %1 cannot be created: %2 is a file.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden: %2 ist eine Datei.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist and cannot be created in %2.</source>
        <translation>Der Ordner %1 existiert nicht und kann in %2 nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Cannot create the folder of %1.</source>
        <translation>Der Ordner für %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>--%1: %2</source>
        <translation>--%1: %2</translation>
    </message>
</context>
<context>
    <name>dendrite::SnapshotModule</name>
    <message>
        <source>The decoder could not be built: %1</source>
        <translation>Der Dekodierer konnte nicht aufgebaut werden: %1</translation>
    </message>
</context>
<context>
    <name>dendrite::WatchItemEditor</name>
    <message>
        <source>Type a value and press Enter</source>
        <translation>Einen Wert eingeben und Enter drücken</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Keep training from changing this value</source>
        <translation>Das Training diesen Wert nicht ändern lassen</translation>
    </message>
    <message>
        <source>Remove from the watch list</source>
        <translation>Aus der Beobachtungsliste entfernen</translation>
    </message>
    <message>
        <source>The value while training runs</source>
        <translation>Der Wert während des Trainings</translation>
    </message>
    <message>
        <source>%1 … %2</source>
        <translation>%1 … %2</translation>
    </message>
    <message>
        <source>value %1</source>
        <translation>Wert %1</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>The neuron's value for the sample shown</source>
        <translation>Der Wert des Neurons für das angezeigte Bild</translation>
    </message>
</context>
<context>
    <name>dendrite::WatchListModel</name>
    <message>
        <source>neuron %1</source>
        <translation>Neuron %1</translation>
    </message>
    <message>
        <source>%1 · x %2, y %3, c %4</source>
        <translation>%1 · x %2, y %3, c %4</translation>
    </message>
    <message>
        <source>connection %1</source>
        <translation>Verbindung %1</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>weight of connection %L1</source>
        <translation>Gewicht der Verbindung %L1</translation>
    </message>
    <message>
        <source>%1 · bias of neuron %L2</source>
        <translation>%1 · Bias von Neuron %L2</translation>
    </message>
    <message>
        <source>%1 · input neuron %L2 (no bias)</source>
        <translation>%1 · Eingabeneuron %L2 (kein Bias)</translation>
    </message>
    <message>
        <source>Set bias of %1 to %2</source>
        <translation>Bias von %1 auf %2 setzen</translation>
    </message>
    <message>
        <source>Set weight of %1 to %2</source>
        <translation>Gewicht von %1 auf %2 setzen</translation>
    </message>
</context>
<context>
    <name>dendrite::WatchListView</name>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo the last edit (Ctrl+Z)</source>
        <translation>Die letzte Änderung rückgängig machen (Strg+Z)</translation>
    </message>
    <message>
        <source>Undo: %1 (Ctrl+Z)</source>
        <translation>Rückgängig: %1 (Strg+Z)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>Wiederholen (Strg+Umschalt+Z)</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Keep training from changing the selected values</source>
        <translation>Das Training die ausgewählten Werte nicht ändern lassen</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Let training change the selected values again</source>
        <translation>Das Training die ausgewählten Werte wieder ändern lassen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected items (Delete)</source>
        <translation>Die ausgewählten Einträge entfernen (Entf)</translation>
    </message>
    <message>
        <source>Click a neuron or a connection in the network view to watch it here and edit its value. Ctrl+click adds to the selection.</source>
        <translation>Ein Neuron oder eine Verbindung in der Netzansicht anklicken, um sie hier zu beobachten und ihren Wert zu bearbeiten. Strg+Klick fügt zur Auswahl hinzu.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dendrite::Workbench</name>
    <message>
        <source>Cannot open the dataset</source>
        <translation>Der Datensatz kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The images in %1 could not be used:

%2</source>
        <translation>Die Bilder in %1 können nicht verwendet werden:

%2</translation>
    </message>
    <message>
        <source>Loading images…</source>
        <translation>Bilder werden geladen …</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <source>The folder %1 cannot be read.</source>
        <translation>Der Ordner %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Images loaded: %L1, from %2.</source>
        <translation>Bilder geladen: %L1, aus %2.</translation>
    </message>
    <message>
        <source>Images loaded: %L1, from %2; files skipped: %L3 (Dataset ▸ Skipped Files).</source>
        <translation>Bilder geladen: %L1, aus %2; übersprungene Dateien: %L3 (Datensatz ▸ Übersprungene Dateien).</translation>
    </message>
    <message>
        <source>The images do not fit the network</source>
        <translation>Die Bilder passen nicht zum Netz</translation>
    </message>
    <message>
        <source>The images in %1 are %2, but the network’s input is %3.

Create a network for %2 (File ▸ New Network), open a model made for these images, or open another folder.</source>
        <translation>Die Bilder in %1 haben das Format %2, die Eingabe des Netzes aber %3.

Ein Netz für %2 erzeugen (Datei ▸ Neues Netz), ein Modell für diese Bilder öffnen oder einen anderen Ordner öffnen.</translation>
    </message>
    <message>
        <source>Cannot create the network</source>
        <translation>Das Netz kann nicht erzeugt werden</translation>
    </message>
    <message>
        <source>The network spec is not valid:

%1</source>
        <translation>Die Netzbeschreibung ist ungültig:

%1</translation>
    </message>
    <message>
        <source>Building the network…</source>
        <translation>Das Netz wird aufgebaut …</translation>
    </message>
    <message>
        <source>New network: %1.</source>
        <translation>Neues Netz: %1.</translation>
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation>Das Modell kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 ist keine Datei.</translation>
    </message>
    <message>
        <source>Opening the model…</source>
        <translation>Das Modell wird geöffnet …</translation>
    </message>
    <message>
        <source>%1 could not be opened:

%2</source>
        <translation>%1 konnte nicht geöffnet werden:

%2</translation>
    </message>
    <message>
        <source>Opened %1.</source>
        <translation>%1 geöffnet.</translation>
    </message>
    <message>
        <source>Cannot save the model</source>
        <translation>Das Modell kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>There is no network to save yet.</source>
        <translation>Es gibt noch kein Netz zum Speichern.</translation>
    </message>
    <message>
        <source>Saving the model…</source>
        <translation>Das Modell wird gespeichert …</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Nichts zu exportieren</translation>
    </message>
    <message>
        <source>There is no output image yet: open a dataset and a network first.</source>
        <translation>Es gibt noch kein Ausgabebild: zuerst einen Datensatz und ein Netz öffnen.</translation>
    </message>
    <message>
        <source>Cannot export the image</source>
        <translation>Das Bild kann nicht exportiert werden</translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation>%1 exportiert.</translation>
    </message>
    <message>
        <source>Open a dataset and a network that fit each other before exporting reconstructions.</source>
        <translation>Vor dem Export von Rekonstruktionen einen Datensatz und ein dazu passendes Netz öffnen.</translation>
    </message>
    <message>
        <source>Export canceled.</source>
        <translation>Export abgebrochen.</translation>
    </message>
    <message>
        <source>Cannot export the reconstructions</source>
        <translation>Die Rekonstruktionen können nicht exportiert werden</translation>
    </message>
    <message>
        <source>Reconstructions exported: %L1, to %2.</source>
        <translation>Rekonstruktionen exportiert: %L1, nach %2.</translation>
    </message>
    <message>
        <source>layers: %1 · neurons: %L2 · connections: %L3 · input: %4</source>
        <translation>Schichten: %1 · Neuronen: %L2 · Verbindungen: %L3 · Eingabe: %4</translation>
    </message>
    <message>
        <source>Open a folder of images (File ▸ Open Dataset Folder) to start training.</source>
        <translation>Zum Trainieren einen Bilderordner öffnen (Datei ▸ Datensatz-Ordner öffnen).</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Neuron-level autoencoder workbench</source>
        <translation>Werkbank für Autoencoder auf Neuronenebene</translation>
    </message>
    <message>
        <source>Config file (KEY=VALUE lines).</source>
        <translation>Konfigurationsdatei (Zeilen SCHLÜSSEL=WERT).</translation>
    </message>
    <message>
        <source>Folder of images or IDX file to train on.</source>
        <translation>Bilderordner oder IDX-Datei zum Trainieren.</translation>
    </message>
    <message>
        <source>Network spec or preset (dense-ae, local-ae, rgb-ae).</source>
        <translation>Netzbeschreibung oder Vorlage (dense-ae, local-ae, rgb-ae).</translation>
    </message>
    <message>
        <source>Training threads (0 = all cores).</source>
        <translation>Trainings-Threads (0 = alle Kerne).</translation>
    </message>
    <message>
        <source>A folder of images, an IDX file or a .dendrite model.</source>
        <translation>Ein Bilderordner, eine IDX-Datei oder ein .dendrite-Modell.</translation>
    </message>
    <message>
        <source>The config file was not used</source>
        <translation>Die Konfigurationsdatei wurde nicht verwendet</translation>
    </message>
</context>
</TS>
