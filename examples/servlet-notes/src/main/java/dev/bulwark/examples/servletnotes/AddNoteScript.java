package dev.bulwark.examples.servletnotes;

/**
 * The page's inline script: refuses a title the caller already has, else posts the form as JSON and
 * reloads. It reads {@code owner} and {@code titles}, which the page defines before it from encoded
 * values. Same source in both examples.
 */
final class AddNoteScript {

  static final String SOURCE =
      """
      document.getElementById('add').addEventListener('submit', async (event) => {
        event.preventDefault();
        const form = new FormData(event.target);
        if (titles.includes(form.get('title'))) { alert(owner + ', you already have a note with this title.'); return; }
        const response = await fetch('/api/notes', {
          method: 'POST',
          headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({title: form.get('title'), body: form.get('body')})
        });
        if (response.ok) { location.reload(); } else { alert('Could not add the note: ' + response.status); }
      });""";

  private AddNoteScript() {}
}
