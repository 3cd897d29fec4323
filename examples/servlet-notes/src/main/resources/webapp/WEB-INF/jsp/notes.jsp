<%@ page contentType="text/html;charset=UTF-8" session="false" trimDirectiveWhitespaces="true" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="enc" uri="urn:bulwark:encode" %>
<%-- The caller's notes, as GET / shows them, written by JSP. EL writes values as they are, so each
     one goes through the encoding function for the context it lands in: enc:html between tags,
     enc:attr in a quoted attribute, enc:js in a quoted JavaScript string. The inline script runs
     under Bulwark's CSP because it carries the nonce Bulwark put in the request (cspNonce). --%>
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Notes</title>
<link rel="stylesheet" href="/static/app.css"></head><body>
<h1>Notes of ${enc:html(pageContext.request.remoteUser)}</h1>
<ul id="notes">
<c:forEach var="note" items="${notes}">
<li data-id="${note.id()}" title="${enc:attr(note.title())}"><strong>${enc:html(note.title())}</strong> ${enc:html(note.body())}</li>
</c:forEach>
</ul>
<form id="add"><input name="title" placeholder="Title" required maxlength="200">
<input name="body" placeholder="Text" maxlength="10000"><button>Add</button></form>
<script nonce="${cspNonce}">
const owner = '${enc:js(pageContext.request.remoteUser)}';
const titles = [<c:forEach var="note" items="${notes}">'${enc:js(note.title())}', </c:forEach>];
${addNoteScript}
</script></body></html>
