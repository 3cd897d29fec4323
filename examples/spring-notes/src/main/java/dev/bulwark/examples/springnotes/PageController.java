package dev.bulwark.examples.springnotes;

import dev.bulwark.authz.Scope;
import dev.bulwark.examples.notes.Note;
import dev.bulwark.examples.notes.NoteStore;
import dev.bulwark.spring.authz.Guarded;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code GET /}: the notes the caller may see, rendered by Thymeleaf. */
@Controller
class PageController {

  private final NoteStore store;

  PageController(NoteStore store) {
    this.store = store;
  }

  @GetMapping("/")
  String index(Model model, Principal caller, @Guarded(value = "LIST", resource = Note.class) Scope scope) {
    model.addAttribute("user", caller.getName());
    model.addAttribute("notes", store.find(scope));
    return "index";
  }
}
